/**
 * `llmsched replay`: a load generator for any OpenAI-compatible server (the gateway, vLLM, ...).
 * Streams the trace's requests at their arrival times like vLLM's benchmark client and prints the
 * same RunSummary as `simulate` (`--json`).
 *
 *   llmsched replay --target http://127.0.0.1:8080 --synthetic bursty --rate 4 --requests 200 --json
 *   llmsched replay --target http://gpu:8000 --trace ../shared/data/traces/azure-2023-conv.csv --rate-scale 0.5
 */
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import { failureLines } from '../../metrics/failure-lines.js';
import type { RequestRecord } from '../../metrics/request-record.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { countFailedByKind, summaryJson } from '../../reports/summary-json.js';
import { CliError } from '../cli-error.js';
import { runHttpReplay } from '../replay/run-http-replay.js';
import { readTraceFlags, type TraceFlags } from '../trace-flags.js';

interface ReplayFlags extends TraceFlags {
  readonly target: string;
  readonly model?: string;
  readonly apiKeyEnv?: string;
  readonly label?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

async function getJson(url: string, apiKey: string | undefined): Promise<unknown> {
  try {
    const response = await fetch(
      url,
      apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {},
    );
    return response.ok ? ((await response.json()) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

interface Bar {
  start(total: number, value: number): void;
  update(value: number): void;
  stop(): void;
}

function progress(total: number, quiet: boolean): { tick(done: number): void; stop(): void } {
  if (quiet || !process.stderr.isTTY) return { tick: () => {}, stop: () => {} };
  const require = createRequire(import.meta.url);
  const cliProgress = require('cli-progress') as {
    SingleBar: new (options: Record<string, unknown>, preset?: Record<string, unknown>) => Bar;
    Presets: { shades_classic: Record<string, unknown> };
  };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'replaying [{bar}] {value}/{total} requests | {eta_formatted} left',
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (done) => bar.update(done), stop: () => bar.stop() };
}

function formatSummary(s: RunSummary, records: readonly RequestRecord[]): string {
  const ms = (x: number): string => (x * 1000).toFixed(1);
  return [
    `${s.policy}: ${s.completed}/${s.requests} completed in ${s.durationSeconds.toFixed(2)} s`,
    `  TTFT ms  mean ${ms(s.ttft.mean)}  p50 ${ms(s.ttft.p50)}  p90 ${ms(s.ttft.p90)}  p99 ${ms(s.ttft.p99)}`,
    `  E2E  ms  mean ${ms(s.e2e.mean)}  p50 ${ms(s.e2e.p50)}  p90 ${ms(s.e2e.p90)}  p99 ${ms(s.e2e.p99)}`,
    `  TPOT ms  mean ${ms(s.tpot.mean)}  p90 ${ms(s.tpot.p90)}`,
    `  queue delay ms  mean ${ms(s.queueDelay.mean)}  p99 ${ms(s.queueDelay.p99)}; throughput ${s.throughputTokensPerSecond.toFixed(1)} tok/s`,
    ...failureLines(records),
  ].join('\n');
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description(
      'load generator: stream a trace to an OpenAI-compatible server; prints a RunSummary',
    )
    .requiredOption('--target <url>', 'base URL of the server (the gateway, vLLM, SGLang, ...)')
    .option('--trace <path>', 'trace file (any format readTrace accepts)')
    .option('--synthetic <name>', 'synthetic workload, e.g. bursty or bursty:longPrompt=256')
    .option('--rate <r>', 'arrival rate, requests/s (synthetic default 2)')
    .option('--rate-scale <k>', 'multiply a timestamped trace arrival rate by k')
    .option('--requests <n>', 'number of requests (synthetic default 100)')
    .option('--seed <s>', 'seed of the workload and prompts', '1')
    .option('--model <name>', 'model name to ask for (default: the first of GET /v1/models)')
    .option('--api-key-env <name>', 'environment variable holding the API key')
    .option('--label <text>', "the run's name in the summary (default: the gateway's policy)")
    .option('--json', 'print the RunSummary as JSON')
    .option('--quiet', 'no progress bar')
    .action(async (flags: ReplayFlags) => {
      if (!/^https?:\/\//.test(flags.target))
        throw new CliError(`--target must be an http(s) URL, got '${flags.target}'`);
      const apiKey = flags.apiKeyEnv !== undefined ? process.env[flags.apiKeyEnv] : undefined;
      if (flags.apiKeyEnv !== undefined && apiKey === undefined) {
        throw new CliError(`--api-key-env: environment variable ${flags.apiKeyEnv} is not set`);
      }
      const requests = readTraceFlags(flags, 100);
      const base = flags.target.replace(/\/+$/, '').replace(/\/v1$/, '');
      let model = flags.model;
      if (model === undefined) {
        const models = (await getJson(`${base}/v1/models`, apiKey)) as
          | { data?: { id?: string }[] }
          | undefined;
        model = models?.data?.[0]?.id;
        if (model === undefined)
          throw new CliError(`--model: ${base}/v1/models lists no model; name one with --model`);
      }
      let label = flags.label;
      if (label === undefined) {
        const state = (await getJson(`${base}/v1/scheduler/state`, apiKey)) as
          | { policy?: string }
          | undefined;
        label = state?.policy ?? 'target';
      }
      const bar = progress(requests.length, flags.quiet === true);
      const { summary, records } = await runHttpReplay({
        target: base,
        model,
        ...(apiKey !== undefined ? { apiKey } : {}),
        requests,
        seed: Number(flags.seed),
        label,
        now: () => performance.now(),
        onDone: (done) => bar.tick(done),
      });
      bar.stop();
      const failedByKind = countFailedByKind(records);
      const hasSlo = requests.some((request) => request.slo !== undefined);
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(summaryJson(summary, { hasSlo, failedByKind }), null, 2)}\n`
          : `${formatSummary(summary, records)}\n`,
      );
    });
}
