/**
 * Gateway overhead on loopback: the same fast fake OpenAI-compatible backend (its own process)
 * reached directly, through a bare Node.js proxy with no logic (`bare`, bench/gateway-bare-proxy.ts:
 * the floor any Node gateway pays on this harness), through `llmsched serve` (its own process,
 * default policy and predictor; node started with serve's flags, as `llmsched serve` starts its
 * serving child, src/cli/serve-respawn.ts, so the process measured is the serving one), and
 * through Portkey's open-source gateway (`@portkey-ai/gateway`, its own process) when installed.
 *
 *   1. added latency at a fixed `--rate` (500 req/s; open loop, non-stream chat, max_tokens 8)
 *   2. max throughput: autocannon, 64 connections, `--seconds`, after a 2 s warm-up
 *
 * What "added" is. Each target's fixed-rate window is shared with `direct` (the fake itself), each
 * path getting `--rate` x `--seconds` measured requests at `--rate`, after a 0.5 s lead-in at the
 * same rate that is sent but not measured. With `--mix blocks` (the default; sessions 7-11 without
 * the lead-in) the load generator alternates blocks of `--block` requests (50, i.e. 100 ms)
 * between them at `--rate` in all, so a load swing or a stall hits both sides; each side idles
 * 100 ms between its blocks and the first requests of a block run on cold caches (the target pays
 * more: the fake never idles). With `--mix separate` direct's part runs first, then the target's,
 * each alone and steady; with `--mix interleave` they alternate request by request, each at
 * `--rate` (2 x rate in all), and direct runs beside the target's work, its p99 reads higher and
 * flatters the target. docs/benchmarks.md, gateway, twelfth session, compares the three on one
 * machine: separate's added p99 was the noisiest (a stall hits one side only), interleave's the
 * lowest, blocks' the steadiest. Added p50/p99 = the target's p50/p99 minus direct's in the same
 * window.
 * Latency is the load generator's send -> last byte (hrtime); `outside the fake` subtracts, per
 * request, the fake's own time (it stamps receipt and answer with the same monotonic clock).
 *
 * What the harness itself costs, reported per window so its share can be read: the load
 * generator (an undici Pool in this process, 64 connections) and the fake use CPU on the same 2
 * cores as the target (`CPU us/request`: target; fake; load generator; `cores busy`: the three
 * together, CPU seconds per wall second). `runqueue wait` is the target's main thread's time spent
 * runnable but not running (/proc/PID/schedstat) per request: CPU contention, from the harness or
 * the rest of the machine, shows here. `sends late`: the schedule is kept with setTimeout (1 ms
 * resolution), so a late timer sends overdue requests back to back. With `--pin` every target runs
 * on CPU 1 and the fake and load generator on CPU 0 (taskset), so the target never waits behind
 * the harness (only behind the rest of the machine). With `--rt` (root) the main threads of the
 * load generator, the fake and the target run SCHED_FIFO (chrt) during each fixed-rate window and
 * its warm-up, so the rest of a shared machine cannot delay them (their helper threads stay in the
 * normal class); the throughput runs stay in the normal class.
 *
 * Fairness: every target first gets the same JIT warm-up: autocannon 3 s (the throughput runs'
 * client), then 3 s closed loop over the windows' own client (bench/fixed-rate-client.ts), one
 * target at a time, then one unmeasured window at the fixed rate (its low-rate code paths: 69 ->
 * 17 compilations and deopts of serve in the first measured window, 11 -> 5 in the second,
 * `--trace-opt --trace-deopt` through bench/gateway-tail.ts --rate-warmup). Every request has the
 * same shape (the throughput runs' body has the windows' keys), so no target's JIT code meets a
 * new shape inside a window: until the seventh session the windows' bodies had a key the
 * warm-up's lacked and the first window re-optimized ~100 functions of the target on V8's
 * compiler threads (llmsched's round 1: 445 CPU us/request, added p99 3.0 ms; 280-310 and 0.5-1.1
 * in rounds 2-3). Each round then runs the fixed-rate windows of all targets (a 1 s warm-up each)
 * before any throughput run, so no window follows a throughput burst directly. GCs per window from
 * `--trace-gc`. Medians over `--repeats` rounds (min or max in brackets). Run it when the machine
 * is quiet and say `uptime` with it; bench/gateway-tail.ts takes the slow 1% apart.
 *
 * `--settle S`: seconds of each pair's unmeasured window before its measured one (default 1);
 * `--throughput-last`: every round's fixed-rate windows first, all throughput runs after them (by
 * default each round ends with its throughput runs, so rounds 2 on measure right after a max-load
 * run of every target, whose JIT then re-optimizes for the low rate: ~100 optimizations in the
 * first 3 s at 500 req/s, settling after ~10 s; twelfth session).
 *
 *   npx tsx bench/gateway-overhead.ts [--repeats 3] [--seconds 4] [--rate 500] [--settle 1]
 *     [--throughput-last]
 *     [--mix blocks|separate|interleave] [--block 50] [--pin] [--rt] [--portkey DIR] [--baseline DIR]
 *     [--nginx BIN] [--relay]
 *
 * --portkey DIR: DIR has node_modules/@portkey-ai/gateway. --baseline DIR: another built checkout
 * of llmsched (e.g. `git worktree add /tmp/base <commit> && cd /tmp/base && npm ci`), served the
 * same way as target `baseline`, for a before/after ratio in the same run. --nginx BIN: an installed
 * nginx binary (e.g. /usr/sbin/nginx) run as target `nginx` in front of the same fake
 * (bench/nginx-proxy.ts): a native proxy hop on the same machine. --relay: target `relay`, a Node
 * TCP relay that parses nothing (bench/gateway-tcp-relay.ts): Node's event loop and sockets without
 * the HTTP layers, so `bare` minus `relay` is what node:http and undici cost on the hop.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import {
  benchBody,
  fixedRate as fixedRateOf,
  type Mix,
  type Sample,
  warmUp,
} from './fixed-rate-client.js';
import { startNginx } from './nginx-proxy.js';
import { fakeBackend, writeServeConfig } from './node-child.js';
import { pin, realtime, runqueueWaitNs } from './process-sched.js';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    portkey: { type: 'string' },
    nginx: { type: 'string' },
    relay: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '4' },
    baseline: { type: 'string' },
    rate: { type: 'string', default: '500' },
    mix: { type: 'string', default: 'blocks' },
    block: { type: 'string', default: '50' },
    pin: { type: 'boolean', default: false },
    rt: { type: 'boolean', default: false },
    settle: { type: 'string', default: '1' },
    'throughput-last': { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const block = Number(values.block);
const settle = Number(values.settle);
/** Seconds of each part sent but not measured (fixed-rate-client.ts `leadIn`). */
const leadIn = 0.5;
const mixes: readonly Mix[] = ['separate', 'interleave', 'blocks'];
const mix = mixes.find((m) => m === values.mix);
if (mix === undefined) throw new Error(`--mix: one of ${mixes.join(', ')}`);
const children: ChildProcess[] = [];

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One garbage collection reported by a child's `--trace-gc`, stamped when its line arrived. */
interface GcEvent {
  readonly at: number;
  readonly major: boolean;
  readonly pauseMs: number;
}

interface Child {
  readonly url: string;
  readonly pid: number | undefined;
  readonly gcs: GcEvent[];
  /** Called with each piece of the child's output after its URL (the fake's `stamps N`). */
  readonly listeners: ((text: string) => void)[];
}

const gcLine =
  /: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^\n]*?MB, ([\d.]+) \/ [\d.]+ ms/g;

/** Starts a node process with `--trace-gc`; resolves with the URL its output names. */
function start(args: string[], match: RegExp, env: Record<string, string> = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['--trace-gc', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const gcs: GcEvent[] = [];
    const listeners: ((text: string) => void)[] = [];
    let head = '';
    let url: string | undefined;
    const onData = (piece: Buffer): void => {
      const text = piece.toString();
      for (const m of text.matchAll(gcLine)) {
        gcs.push({ at: performance.now(), major: m[1] === 'Mark-Compact', pauseMs: Number(m[2]) });
      }
      if (url !== undefined) {
        for (const listener of listeners) listener(text);
        return;
      }
      head += text;
      const found = head.match(match);
      if (found) {
        url = found[1] as string;
        resolve({ url, pid: child.pid, gcs, listeners });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`node ${args.join(' ')} exited ${code}: ${head.slice(-500)}`)),
    );
  });
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly process: Child;
}

/** The throughput runs' body: the windows' shape, `user: "load"` (not stamped by the fake). */
const body = benchBody();

/** One fixed-rate window over `pair`, `duration` s of requests per path, tags from `window * 1e6`. */
const fixedRate = (pair: readonly Target[], duration: number, window: number): Promise<Sample[]> =>
  fixedRateOf(pair, { rate, seconds: duration, mix, block, firstTag: window * 1_000_000, leadIn });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const sorted = (xs: number[]): number[] => xs.sort((a, b) => a - b);

function blast(target: Target, duration: number) {
  return chatLoad(target.url, {
    duration,
    body,
    headers: target.headers,
  });
}

async function maxRate(target: Target, duration: number): Promise<{ rate: number; cpuUs: number }> {
  await blast(target, 2);
  const cpu0 = cpuSeconds(target.process.pid);
  const result = await blast(target, duration);
  const cpu = cpuSeconds(target.process.pid) - cpu0;
  return {
    rate: result.non2xx > 0 ? Number.NaN : result.requests.average,
    cpuUs: (cpu * 1e6) / Math.max(1, result.requests.total),
  };
}

interface Row {
  p50: number[];
  p99: number[];
  /** The target's p50/p99 minus direct's in the same window. */
  added50: number[];
  added99: number[];
  /** Per request: latency minus the fake's own time (received -> answered). */
  outside50: number[];
  outside99: number[];
  added99Outside: number[];
  /** How late the load generator sent: p99 ms, and the share of sends over 1 ms late. */
  late99: number[];
  lateShare: number[];
  count: number[];
  windowCpu: number[];
  /** The target's main thread, us runnable but not running, per request. */
  waitUs: number[];
  fakeCpu: number[];
  clientCpu: number[];
  /** CPU seconds of target, fake and load generator together per wall second (of 2 cores). */
  cores: number[];
  scavenges: number[];
  majors: number[];
  maxPause: number[];
  max: number[];
  cpu: number[];
}

const newRow = (): Row => ({
  p50: [],
  p99: [],
  added50: [],
  added99: [],
  outside50: [],
  outside99: [],
  added99Outside: [],
  late99: [],
  lateShare: [],
  count: [],
  windowCpu: [],
  waitUs: [],
  fakeCpu: [],
  clientCpu: [],
  cores: [],
  scavenges: [],
  majors: [],
  maxPause: [],
  max: [],
  cpu: [],
});

const stampFile = join(tmpdir(), `llmsched-gw-stamps-${process.pid}.json`);

/** The fake's stamps since the last call, by tag: [received, answered] ns. */
function takeStamps(fake: Child): Promise<Map<number, readonly [number, number]>> {
  return new Promise((resolve) => {
    const listener = (text: string): void => {
      if (!/stamps \d+/.test(text)) return;
      fake.listeners.splice(fake.listeners.indexOf(listener), 1);
      const rows = JSON.parse(readFileSync(stampFile, 'utf8')) as [number, number, number][];
      resolve(new Map(rows.map(([tag, received, answered]) => [tag, [received, answered]])));
    };
    fake.listeners.push(listener);
    process.kill(fake.pid as number, 'SIGUSR2');
  });
}

try {
  if (values.pin) pin(process.pid, 0);
  const fake = await start(fakeBackend.args(stampFile), fakeBackend.url);
  if (values.pin) pin(fake.pid, 0);
  const config = writeServeConfig(fake.url, 'gw-bench');
  const served = /gateway on (http:\/\/[^\s]+)/;
  const targets: Target[] = [
    { name: 'direct', url: fake.url, headers: {}, process: fake },
    {
      name: 'bare',
      url: '',
      headers: {},
      process: await start(
        ['--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
        /bare proxy on (http:\/\/[^\s]+)/,
      ),
    },
    {
      name: 'llmsched',
      url: '',
      headers: {},
      process: await start(
        [...serveNodeFlags, 'bin/llmsched.js', 'serve', '--config', config, '--quiet'],
        served,
      ),
    },
  ];
  if (values.baseline) {
    const baseline = await start(
      [
        ...serveNodeFlags,
        join(values.baseline, 'bin/llmsched.js'),
        'serve',
        '--config',
        config,
        '--quiet',
      ],
      served,
    );
    targets.push({ name: 'baseline', url: '', headers: {}, process: baseline });
  }
  if (values.portkey) {
    const portkey = await start(
      [
        join(values.portkey, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
        '--port=18799',
        '--headless',
      ],
      /(http:\/\/localhost:18799)/,
      { TRUSTED_CUSTOM_HOSTS: '127.0.0.1' },
    );
    targets.push({
      name: 'portkey',
      url: '',
      headers: {
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${fake.url}/v1`,
        authorization: 'Bearer x',
      },
      process: portkey,
    });
  }
  if (values.relay) {
    const relay = await start(
      ['--import', 'tsx', 'bench/gateway-tcp-relay.ts', fake.url],
      /tcp relay on (http:\/\/[^\s]+)/,
    );
    targets.push({ name: 'relay', url: '', headers: {}, process: relay });
  }
  if (values.nginx) {
    const nginx = await startNginx(values.nginx, fake.url, children);
    const child = { url: nginx.url, pid: nginx.pid, gcs: [], listeners: [] };
    targets.push({ name: 'nginx', url: '', headers: {}, process: child });
  }
  if (values.pin) for (const t of targets) if (t.name !== 'direct') pin(t.process.pid, 1);
  const resolved: Target[] = targets.map((t) => ({
    ...t,
    url: (t.url || t.process.url).replace('localhost', '127.0.0.1'),
  }));
  const rows = new Map<string, Row>(resolved.map((t) => [t.name, newRow()]));
  const direct = resolved[0] as Target;
  // the same JIT warm-up for every target: the throughput runs' client, then the windows' client
  // closed loop, then a window's length at the fixed rate (unmeasured)
  for (const target of resolved) await blast(target, 3);
  for (const target of resolved) await warmUp([target], 3);
  let window = 0;
  for (const target of resolved.slice(1)) await fixedRate([direct, target], seconds, window++);
  /** One max-throughput run per target. */
  const throughputRound = async (round: number): Promise<void> => {
    for (const target of resolved) {
      const row = rows.get(target.name) as Row;
      const max = await maxRate(target, seconds);
      row.max.push(max.rate);
      row.cpu.push(max.cpuUs);
      process.stderr.write(
        `round ${round + 1} ${target.name}: max ${max.rate.toFixed(0)} req/s, ${max.cpuUs.toFixed(0)} CPU us/request\n`,
      );
    }
  };
  for (let round = 0; round < repeats; round++) {
    for (const target of resolved) {
      if (target === direct) continue;
      const pair = [direct, target];
      const fifo = [process.pid, fake.pid, target.process.pid];
      if (values.rt) realtime(fifo, true);
      await fixedRate(pair, settle, window++); // warm-up (the pair's mix)
      await takeStamps(fake); // forgets the warm-up's
      const from = performance.now();
      const cpu0 = cpuSeconds(target.process.pid);
      const wait0 = runqueueWaitNs(target.process.pid);
      const fake0 = cpuSeconds(fake.pid);
      const fakeWait0 = runqueueWaitNs(fake.pid);
      const client0 = process.cpuUsage();
      const samples = await fixedRate(pair, seconds, window++);
      if (values.rt) realtime(fifo, false);
      const wall = (performance.now() - from) / 1000;
      const targetCpu = cpuSeconds(target.process.pid) - cpu0;
      const targetWait = runqueueWaitNs(target.process.pid) - wait0;
      const fakeCpu = cpuSeconds(fake.pid) - fake0;
      const fakeWait = runqueueWaitNs(fake.pid) - fakeWait0;
      const clientUsage = process.cpuUsage(client0);
      const clientCpu = (clientUsage.user + clientUsage.system) / 1e6;
      const stamps = await takeStamps(fake);
      const gcs = target.process.gcs.filter((g) => g.at >= from);
      const fakeGcs = fake.gcs.filter((g) => g.at >= from);
      const figures = pair.map((_, index) => {
        const mine = samples.filter((x) => x.target === index);
        const latencies = sorted(mine.map((x) => (x.doneNs - x.sentNs) / 1e6));
        const outside = sorted(
          mine.flatMap((x) => {
            const stamp = stamps.get(x.tag);
            return stamp ? [(x.doneNs - x.sentNs - (stamp[1] - stamp[0])) / 1e6] : [];
          }),
        );
        const late = sorted(mine.map((x) => (x.sentNs - x.dueNs) / 1e6));
        return {
          n: mine.length,
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
          outside50: percentile(outside, 0.5),
          outside99: percentile(outside, 0.99),
          late99: percentile(late, 0.99),
          lateShare: late.filter((x) => x > 1).length / Math.max(1, mine.length),
        };
      });
      const [d, t] = figures as [(typeof figures)[0], (typeof figures)[0]];
      // requests sent per request measured (the lead-in is sent, not measured)
      const sent = 1 + (leadIn * (mix === 'blocks' ? 0.5 : 1)) / seconds;
      const n = Math.max(1, samples.length * sent);
      const push = (row: Row, x: typeof d, cpuUs: number, waitUs: number, g: GcEvent[]): void => {
        row.p50.push(x.p50);
        row.p99.push(x.p99);
        row.added50.push(x.p50 - d.p50);
        row.added99.push(x.p99 - d.p99);
        row.outside50.push(x.outside50);
        row.outside99.push(x.outside99);
        row.added99Outside.push(x.outside99 - d.outside99);
        row.late99.push(x.late99);
        row.lateShare.push(x.lateShare);
        row.count.push(x.n);
        row.windowCpu.push(cpuUs);
        row.waitUs.push(waitUs);
        row.fakeCpu.push((fakeCpu * 1e6) / n);
        row.clientCpu.push((clientCpu * 1e6) / n);
        row.cores.push((targetCpu + fakeCpu + clientCpu) / Math.max(wall, 1e-9));
        row.scavenges.push(g.filter((e) => !e.major).length);
        row.majors.push(g.filter((e) => e.major).length);
        row.maxPause.push(Math.max(0, ...g.map((e) => e.pauseMs)));
      };
      const row = rows.get(target.name) as Row;
      const tn = Math.max(1, t.n * sent);
      push(row, t, (targetCpu * 1e6) / tn, targetWait / 1e3 / tn, gcs);
      push(rows.get(direct.name) as Row, d, (fakeCpu * 1e6) / n, fakeWait / 1e3 / n, fakeGcs);
      process.stderr.write(
        `round ${round + 1} ${target.name} (with direct, same window): p50 ${t.p50.toFixed(3)} / ${d.p50.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} / ${d.p99.toFixed(3)} ms at ${rate} req/s; outside the fake p99 ${t.outside99.toFixed(3)} / ${d.outside99.toFixed(3)}; sends late p99 ${t.late99.toFixed(2)} ms; CPU us/request ${row.windowCpu.at(-1)?.toFixed(0)} (runqueue wait ${row.waitUs.at(-1)?.toFixed(0)} us; fake ${row.fakeCpu.at(-1)?.toFixed(0)}, load generator ${row.clientCpu.at(-1)?.toFixed(0)}), ${row.cores.at(-1)?.toFixed(2)} cores busy; GC ${row.scavenges.at(-1)} scavenges, ${row.majors.at(-1)} mark-compacts, longest ${row.maxPause.at(-1)?.toFixed(1)} ms\n`,
      );
    }
    if (!values['throughput-last']) await throughputRound(round);
  }
  if (values['throughput-last'])
    for (let round = 0; round < repeats; round++) await throughputRound(round);
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(
    `${values.pin ? 'Pinned: targets on CPU 1, the fake backend and the load generator on CPU 0. ' : ''}${values.rt ? 'Main threads SCHED_FIFO in the windows. ' : ''}Windows: ${mix === 'blocks' ? `blocks of ${block} requests alternating` : mix} (--mix). Medians of ${repeats} rounds (min or max in brackets); direct's figures are over its requests in every target's window.`,
  );
  console.log(
    `| target | p50 ms at ${rate} req/s | p99 ms | added p50 ms (same window) | added p99 ms (same window) | p50 / p99 ms outside the fake | added p99 outside the fake ms | CPU us/request (its process) | runqueue wait us/request (its main thread) | CPU us/request: fake; load generator | cores busy (of 2) | sends > 1 ms late (p99 ms) | GC in the window (scavenges, mark-compacts, longest ms) | max req/s (64 conn) | CPU us per request at max (its process) | ok/sent |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  const f = (x: number, digits = 3) => x.toFixed(digits);
  for (const [name, row] of rows) {
    const isDirect = name === direct.name;
    console.log(
      `| ${name} | ${f(median(row.p50))} (min ${f(Math.min(...row.p50))}) | ${f(median(row.p99))} (min ${f(Math.min(...row.p99))}) | ${isDirect ? '-' : f(median(row.added50))} | ${isDirect ? '-' : `${f(median(row.added99))} (min ${f(Math.min(...row.added99))})`} | ${f(median(row.outside50))} / ${f(median(row.outside99))} | ${isDirect ? '-' : f(median(row.added99Outside))} | ${f(median(row.windowCpu), 0)} | ${f(median(row.waitUs), 0)} | ${f(median(row.fakeCpu), 0)}; ${f(median(row.clientCpu), 0)} | ${f(median(row.cores), 2)} | ${f(median(row.lateShare) * 100, 1)}% (${f(median(row.late99), 2)}) | ${median(row.scavenges)}, ${median(row.majors)}, ${f(median(row.maxPause), 1)} | ${f(median(row.max), 0)} (max ${f(Math.max(...row.max), 0)}) | ${f(median(row.cpu), 0)} (min ${f(Math.min(...row.cpu), 0)}) | ${median(row.count)}/${rate * seconds} |`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
