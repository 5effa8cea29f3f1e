/**
 * What the slow 1% of requests at a fixed rate are (the p99 of bench/gateway-overhead.ts): the same
 * harness (fake backend in its own process, the open-loop load generator of
 * bench/fixed-rate-client.ts here, blocks of 50 requests alternating between `direct` and the
 * target at 500 req/s after a 0.5 s lead-in, or `--mix separate | interleave` as there; the same
 * JIT warm-up), with every request stamped at each hop on the system's
 * monotonic clock: sent and done (load generator), headers parsed and response finished (the
 * target, through bench/gateway-trace-preload.mjs: node:http's diagnostics channels, nothing in the
 * product), received and answered (the fake). Each window prints, for direct and the target, the
 * slowest 1% split into hops against the median request (bench/tail-report.ts), how many of them
 * overlap a GC of the target, and with `--perf` the runqueue waits of the three main threads
 * (perf sched tracepoints on CLOCK_MONOTONIC). The window's stamps are kept in
 * $TMPDIR/llmsched-tail-PID-window-ROUND-NAME.json for a closer look.
 *
 *   npx tsx bench/gateway-tail.ts [--rounds 2] [--seconds 4 (per path)] [--rate 500]
 *     [--mix blocks|separate|interleave] [--block 50] [--perf]
 *     [--rt] [--blast] [--log] [--warmup 3] [--rate-warmup] [--variant NAME=NODE_FLAGS ...]
 *
 * Variants (default `bare=` and `llmsched=` with serve's flags): a name starting with `bare` runs
 * bench/gateway-bare-proxy.ts, any other `llmsched serve` (dist/); NODE_FLAGS (space-separated)
 * go to its node, e.g. `--variant 'small=--max-semi-space-size=16 --trace-gc-nvp'`. `--log`
 * appends each variant's output (V8's traces) to $TMPDIR/llmsched-tail-PID-NAME.log with the
 * window boundaries marked. `--rate-warmup`: after the warm-up (autocannon, then the windows'
 * client closed loop, `--warmup` s each) one unmeasured window, as gateway-overhead.ts. `--blast`: every round ends with autocannon runs, as
 * gateway-overhead.ts's rounds end with their throughput runs. `--rt` (root): the main threads
 * of the load generator, the fake and the targets run SCHED_FIFO (chrt), so other work on a shared
 * machine cannot delay them; their helper threads (V8's compiler and GC threads, libuv's pool)
 * stay in the normal class. On the loaded 2-core machine of the seventh session that gave direct
 * the p99 of a quiet machine (0.25-0.36 ms).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import { benchBody, fixedRate, type Mix, warmUp } from './fixed-rate-client.js';
import { fakeBackend, type StartedChild, startNode, writeServeConfig } from './node-child.js';
import { realtime } from './process-sched.js';
import { type GcStamp, type HopStamp, runqueueWaits, tailReport } from './tail-report.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '4' },
    rate: { type: 'string', default: '500' },
    mix: { type: 'string', default: 'blocks' },
    block: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    perf: { type: 'boolean', default: false },
    rt: { type: 'boolean', default: false },
    blast: { type: 'boolean', default: false },
    log: { type: 'boolean', default: false },
    'rate-warmup': { type: 'boolean', default: false },
    variant: { type: 'string', multiple: true },
  },
});
const seconds = Number(values.seconds);
const mixes: readonly Mix[] = ['separate', 'interleave', 'blocks'];
const mix = mixes.find((m) => m === values.mix);
if (mix === undefined) throw new Error(`--mix: one of ${mixes.join(', ')}`);
/** A window's wall time: each of the two paths gets `seconds` of requests after 0.5 s of lead-in. */
const windowSeconds =
  mix === 'interleave' ? seconds + 0.5 : mix === 'blocks' ? 2 * seconds + 0.5 : 2 * seconds + 1;
const children: ChildProcess[] = [];
const tmp = join(tmpdir(), `llmsched-tail-${process.pid}`);

/** Sends SIGUSR2 to a child, waits for its `WORD N` line, then reads `file` as JSON. */
function dump<T>(child: StartedChild, word: string, file: string): Promise<T> {
  return new Promise((resolve) => {
    const onData = (piece: Buffer): void => {
      if (!new RegExp(`${word} \\d+`).test(piece.toString())) return;
      child.child.stdout?.off('data', onData);
      resolve(JSON.parse(readFileSync(file, 'utf8')) as T);
    };
    child.child.stdout?.on('data', onData);
    process.kill(child.pid, 'SIGUSR2');
  });
}

/** `perf record` of every CPU's scheduler events for `duration` s, on CLOCK_MONOTONIC. */
function recordSched(file: string, duration: number): Promise<unknown> {
  const events = ['-e', 'sched:sched_switch', '-e', 'sched:sched_waking'];
  const args = ['record', '-q', '-k', 'CLOCK_MONOTONIC', '-a', '-o', file, ...events];
  const perf = spawn('perf', [...args, '--', 'sleep', String(duration)], { stdio: 'ignore' });
  return new Promise((resolve) => perf.on('exit', resolve));
}

const blast = (url: string, duration: number) => chatLoad(url, { duration, body: benchBody() });

interface Variant {
  readonly name: string;
  readonly proc: StartedChild;
  /** Where its preload writes its stamps; its log (`--log`). */
  readonly trace: string;
  readonly log: string;
}

async function startVariant(spec: string, fakeUrl: string, config: string): Promise<Variant> {
  const [name, flagText = ''] = spec.split(/=(.*)/s) as [string, string?];
  const flags = flagText.split(' ').filter((f) => f !== '');
  const trace = `${tmp}-${name}.json`;
  const log = `${tmp}-${name}.log`;
  process.env['LLMSCHED_TRACE_FILE'] = trace;
  const preload = ['--import', './bench/gateway-trace-preload.mjs'];
  const proc = name.startsWith('bare')
    ? await startNode(
        [...flags, ...preload, '--import', 'tsx', 'bench/gateway-bare-proxy.ts', fakeUrl],
        /bare proxy on (http:\/\/\S+)/,
        children,
      )
    : await startNode(
        [...flags, ...preload, 'bin/llmsched.js', 'serve', '--config', config, '--quiet'],
        /gateway on (http:\/\/\S+)/,
        children,
      );
  if (values.log) {
    proc.child.stdout?.on('data', (piece: Buffer) => appendFileSync(log, piece));
    proc.child.stderr?.on('data', (piece: Buffer) => appendFileSync(log, piece));
  }
  return { name, proc, trace, log };
}

try {
  const fakeStamps = `${tmp}-fake.json`;
  const fake = await startNode(fakeBackend.args(fakeStamps), fakeBackend.url, children);
  const config = writeServeConfig(fake.url, 'tail-config');
  const variants: Variant[] = [];
  for (const spec of values.variant ?? ['bare=', `llmsched=${serveNodeFlags.join(' ')}`]) {
    variants.push(await startVariant(spec, fake.url, config));
  }
  if (values.rt) {
    realtime([process.pid, fake.pid, ...variants.map((v) => v.proc.pid)], true);
  }
  const mark = (v: Variant, text: string): void => {
    if (values.log) appendFileSync(v.log, `=== ${text}\n`);
  };
  for (const v of variants) {
    await blast(v.proc.url, Number(values.warmup));
    await warmUp([{ url: v.proc.url, headers: {} }], Number(values.warmup), true);
  }
  let firstTag = 0;
  const window = (v: Variant, duration: number) => {
    firstTag += 1_000_000;
    const targets = [fake.url, v.proc.url].map((url) => ({ url, headers: {} }));
    const options = {
      rate: Number(values.rate),
      mix,
      block: Number(values.block),
      tagHeader: true,
      leadIn: 0.5,
    };
    return fixedRate(targets, { ...options, seconds: duration, firstTag });
  };
  // and a window's length at the fixed rate, unmeasured, as gateway-overhead.ts
  if (values['rate-warmup']) for (const v of variants) await window(v, seconds);
  for (const v of variants) mark(v, 'warm-up done');
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const v of variants) {
      await window(v, 1); // warm-up: the pair's mix
      await dump(fake, 'stamps', fakeStamps); // forgets the warm-up's
      await dump(v.proc, 'trace', v.trace);
      const perfData = `${tmp}-perf-${round}-${v.name}.data`;
      const perf = values.perf ? recordSched(perfData, windowSeconds + 1) : undefined;
      if (perf) await new Promise((r) => setTimeout(r, 500));
      mark(v, `window ${round}`);
      const samples = await window(v, seconds);
      mark(v, `window ${round} done`);
      await perf;
      const fakeHops = await dump<HopStamp[]>(fake, 'stamps', fakeStamps);
      const trace = await dump<{ requests: HopStamp[]; gcs: GcStamp[] }>(v.proc, 'trace', v.trace);
      const who = new Map([
        [v.proc.pid, 'target'],
        [fake.pid, 'fake'],
        [process.pid, 'load generator'],
      ]);
      const waits = perf ? runqueueWaits(perfData, new Set(who.keys())) : [];
      const kept = `${tmp}-window-${round}-${v.name}.json`;
      const pids = { target: v.proc.pid, fake: fake.pid, loadgen: process.pid };
      writeFileSync(kept, JSON.stringify({ pids, samples, stamps: fakeHops, trace }));
      for (const [index, label] of [
        [0, 'direct'],
        [1, v.name],
      ] as const) {
        const report = tailReport({
          label,
          index,
          samples,
          fake: new Map(fakeHops.map((h) => [h[0], h])),
          target: new Map(trace.requests.map((h) => [h[0], h])),
          gcs: trace.gcs,
          waits,
          who,
        });
        console.log(`round ${round} ${v.name} window, ${report}`);
      }
    }
    if (values.blast) for (const v of variants) await blast(v.proc.url, 2 + windowSeconds / 2);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
