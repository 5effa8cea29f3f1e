/**
 * `llmsched serve`: the scheduling gateway (docs/gateway.md). Flags override the config file.
 *
 *   llmsched serve                                   built-in engine, generated model, default policy
 *   llmsched serve --backend http://gpu:8000 --backend http://gpu2:8000 --policy fcfs --port 9000
 *   llmsched serve --config gateway.json
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { SystemClock } from '../../engines/system-clock.js';
import { createBackends } from '../../gateway/create-backends.js';
import { createGateway } from '../../gateway/gateway.js';
import {
  type GatewayConfig,
  parseGatewayConfig,
  readGatewayConfigFile,
} from '../../gateway/gateway-config.js';
import { CliError } from '../cli-error.js';
import { isForwardedSignal } from '../serve-respawn.js';

interface ServeFlags {
  readonly config?: string;
  readonly port?: string;
  readonly host?: string;
  readonly backend?: string[];
  readonly policy?: string;
  readonly router?: string;
  readonly predictor?: string;
  readonly maxQueuedRequests?: string;
  readonly quiet?: boolean;
}

/** `local`, `local:PRESET`, `sim`, or an http(s) URL. */
export function backendFromSpec(spec: string): Record<string, unknown> {
  if (spec === 'local') return { kind: 'local' };
  if (spec.startsWith('local:')) return { kind: 'local', preset: spec.slice(6) };
  if (spec === 'sim') return { kind: 'sim' };
  if (/^https?:\/\//.test(spec)) return { kind: 'openai', url: spec };
  throw new CliError(`--backend must be local, local:PRESET, sim or an http(s) URL, got '${spec}'`);
}

function intFlag(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new CliError(`${flag} must be an integer ${range}, got '${value}'`);
  }
  return n;
}

export function configFromFlags(flags: ServeFlags): GatewayConfig {
  const file = flags.config !== undefined ? readGatewayConfigFile(flags.config) : {};
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new CliError(`config ${flags.config}: must be a JSON object`);
  }
  const merged: Record<string, unknown> = { ...(file as Record<string, unknown>) };
  if (flags.port !== undefined) merged['port'] = intFlag('--port', flags.port, 0, 65535);
  if (flags.host !== undefined) merged['host'] = flags.host;
  if (flags.policy !== undefined) merged['policy'] = flags.policy;
  if (flags.router !== undefined) merged['router'] = flags.router;
  if (flags.predictor !== undefined) merged['predictor'] = flags.predictor;
  if (flags.backend !== undefined && flags.backend.length > 0) {
    merged['backends'] = flags.backend.map(backendFromSpec);
  }
  if (flags.maxQueuedRequests !== undefined) {
    const queue = (merged['queue'] ?? {}) as Record<string, unknown>;
    merged['queue'] = {
      ...queue,
      maxRequests: intFlag('--max-queued-requests', flags.maxQueuedRequests, 1),
    };
  }
  return parseGatewayConfig(
    merged,
    flags.config !== undefined ? `config ${flags.config}` : 'config',
  );
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description(
      'the scheduling gateway: an OpenAI-compatible server with an admission queue in front of engines',
    )
    .option('--config <file>', 'gateway config (JSON; see docs/gateway.md)')
    .option('--port <n>', 'port (default 8080; 0 = any free port)')
    .option('--host <addr>', 'address to listen on (default 127.0.0.1)')
    .option(
      '--backend <spec>',
      'local | local:PRESET | sim | http(s)://URL of an OpenAI-compatible server (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--policy <name>',
      'batch or rank policy that orders the queue (default: the project default)',
    )
    .option(
      '--router <name>',
      'router among backends: least-outstanding, prefix-affinity, power-of-d, ...',
    )
    .option(
      '--predictor <spec>',
      'output-length predictor: learned (default), learned:FILE, global-mean, ..., none',
    )
    .option('--max-queued-requests <n>', 'queue capacity; beyond it requests get 503')
    .option('--quiet', 'no per-request log lines')
    .action(async (flags: ServeFlags) => {
      const config = configFromFlags(flags);
      const clock = new SystemClock();
      process.stderr.write(
        `llmsched: starting ${config.backends.map((b) => b.kind).join(', ')} backend(s)...\n`,
      );
      const { backends, selfPredictClient } = await createBackends(config, clock);
      const gateway = createGateway({
        config,
        backends,
        clock,
        unixNow: () => Math.floor(Date.now() / 1000),
        idPrefix: `${randomUUID().slice(0, 8)}-`,
        log: (line) => process.stderr.write(`${line}\n`),
        logRequests: !flags.quiet,
        ...(selfPredictClient ? { selfPredictClient } : {}),
      });
      const url = await gateway.listen();
      const model = backends.flatMap((b) => b.models)[0] ?? 'any-model';
      process.stdout.write(
        `llmsched gateway on ${url} (policy ${gateway.policy.name}, backends: ${backends.map((b) => `${b.name} [${b.kind}]`).join(', ')})\n` +
          `try: curl -s ${url}/v1/chat/completions -H 'content-type: application/json' -d '{"model":"${model}","messages":[{"role":"user","content":"Hello"}],"max_tokens":16}'\n`,
      );
      await new Promise<void>((resolve) => {
        const seen = new Set<string>();
        const stop = (signal: string): void => {
          // a signal that reached this process and the respawning parent (Ctrl-C) counts once
          if (seen.has(signal)) return;
          seen.add(signal);
          process.stderr.write(`llmsched: ${signal}: draining (new requests get 503)...\n`);
          void gateway.close().then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
        if (process.channel !== undefined) {
          // under the respawning parent (serve-respawn.ts): the signals it receives, as messages
          process.on('message', (message) => {
            if (isForwardedSignal(message)) stop(message.signal);
          });
          // the parent is gone (killed): drain and exit rather than serve on as an orphan
          process.on('disconnect', () => stop('parent gone'));
          process.channel.unref();
        }
      });
      process.stderr.write('llmsched: gateway closed\n');
    });
}
