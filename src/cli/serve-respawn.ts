/**
 * `llmsched serve` runs in a child node process started with `serveNodeFlags`: a young generation
 * of 64 MB per semi-space, always (V8's default grows from 1 to 16 MB and shrinks again when the
 * process idles). Node cannot change it once running, and the gateway allocates ~28 KB per
 * request, so with the default a scavenge (a 1-10 ms pause of the whole event loop) came every ~500
 * requests, ten a second at 500 req/s, and the requests arriving during those pauses made the p99
 * (docs/benchmarks.md, gateway, sixth session). With a 64 MB maximum they were about 4x rarer, but
 * the young generation still started small and shrank after idle spells (V8's memory reducer), so
 * the first scavenges after a burst or a pause promoted megabytes (6-11 ms pauses); with the minimum
 * at 64 MB too there is one scavenge per ~2,000 requests, 1.6-2 ms (seventh session). The long
 * scavenges after a burst that remained came from Maps and Sets with an add and a delete per request,
 * not from the young generation's size (eighth session: src/gateway/request-list.ts). Cost: ~30 MB
 * more resident memory idle, up to ~150 MB under load.
 *
 * `--no-allocation-site-pretenuring` (ninth session): V8 allocates the objects of a literal
 * directly in the old generation once a scavenge finds >= 85% of them alive (with the young
 * generation at its maximum size, which it always is here, one such scavenge decides), and keeps
 * that decision unless < 10% of the old generation survives a mark-compact, i.e. for the process's
 * life. Node's own per-request literals (the response's socket write buffer, stream and parser
 * arrays) got tenured whenever a scavenge happened to find ~100 of them alive (seen in a burst and at
 * the start of a load window; forced by bench/gateway-pretenure.ts): each response's dead old literal
 * then held its young response graph (ServerResponse, IncomingMessage, headers, the body text) as a
 * scavenge root until the next mark-compact, 3-8 MB promoted per scavenge (10-40 ms pauses) for
 * good. A server builds its long-lived objects at start-up, so it loses nothing by never
 * pretenuring (docs/benchmarks.md, gateway, ninth session).
 *
 * `--no-memory-reducer` (ninth session): V8's memory reducer runs mark-compacts on its own
 * schedule (it checks every 8 s: one after an idle spell, and one after 100 s without a full GC
 * whatever the load). In the overhead benchmark, where the gateway idles while the other targets
 * are measured, they (20-40 ms pauses) and the mark-compact that followed one landed in the
 * gateway's load windows and bursts. Without it the only mark-compacts are the start-up one and
 * those the old generation's growth calls for at 4x its live size (~30 MB live here, 0.05-0.5 MB
 * promoted per scavenge: many minutes apart). Cost: an idle gateway does not hand its old
 * generation's garbage back to the system (at most ~100 MB).
 *
 * The parent only waits: stdio is inherited, SIGINT and SIGTERM it receives go on to the child over
 * the IPC channel (serve.ts treats them as those signals, once each, so a Ctrl-C that reaches both
 * processes counts once and a second one still ends the child at once), and it exits as the child
 * did (its code, or the same signal); a killed parent closes the channel, and the child drains and
 * exits. No child when the flags are already there (e.g.
 * `node --max-semi-space-size=64 bin/llmsched.js serve`, as the gateway benchmarks start it, so
 * they measure the serving process itself) or with LLMSCHED_SERVE_IN_PROCESS=1.
 *
 * @example
 * if (serveNeedsRespawn(process.argv.slice(2), process.execArgv, process.env)) respawnServe(script);
 */
import { spawn } from 'node:child_process';

/** The node flags of the serving process. */
export const serveNodeFlags: readonly string[] = [
  '--max-semi-space-size=64',
  '--min-semi-space-size=64',
  '--no-allocation-site-pretenuring',
  '--no-memory-reducer',
];

/** Whether this is `serve` in a process without `serveNodeFlags` (and respawning is not off). */
export function serveNeedsRespawn(
  args: readonly string[],
  execArgv: readonly string[],
  env: NodeJS.ProcessEnv,
): boolean {
  if (args[0] !== 'serve' || env['LLMSCHED_SERVE_IN_PROCESS'] === '1') return false;
  return !execArgv.some((flag) => flag.startsWith('--max-semi-space-size'));
}

/** A signal the respawning parent passes on to the serving child. */
export interface ForwardedSignal {
  readonly signal: 'SIGINT' | 'SIGTERM';
}

export function isForwardedSignal(message: unknown): message is ForwardedSignal {
  if (typeof message !== 'object' || message === null) return false;
  const signal = (message as { signal?: unknown }).signal;
  return signal === 'SIGINT' || signal === 'SIGTERM';
}

/** Runs `script` with this process's arguments in a child with `serveNodeFlags`; exits as it does. */
export function respawnServe(script: string): void {
  const child = spawn(
    process.execPath,
    [...serveNodeFlags, ...process.execArgv, script, ...process.argv.slice(2)],
    { stdio: ['inherit', 'inherit', 'inherit', 'ipc'] },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (child.connected) child.send({ signal } satisfies ForwardedSignal);
    });
  }
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
      return;
    }
    process.exit(code ?? 1);
  });
}
