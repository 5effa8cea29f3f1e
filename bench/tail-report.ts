/**
 * The analysis half of bench/gateway-tail.ts: one fixed-rate window's requests, each stamped at
 * every hop (load generator, target, fake backend), split into hops for the slowest 1% against the
 * median request, with the GCs of the target and (from `perf sched` tracepoints) the time the
 * target's, the fake's and the load generator's main threads spent runnable but not running.
 *
 * @example
 * const waits = runqueueWaits('/tmp/perf.data', new Set([targetPid, fakePid, process.pid]));
 * console.log(tailReport({ label: 'llmsched', index: 1, samples, fake, target, waits, who }));
 */
import { spawnSync } from 'node:child_process';
import type { Sample } from './fixed-rate-client.js';

/** [tag, fromNs, toNs]: the fake's (received, answered) or the target's (headers parsed, finished). */
export type HopStamp = readonly [number, number, number];
/** [startNs, durationNs, kind] of one GC (perf_hooks). */
export type GcStamp = readonly [number, number, number];
/** [tid, fromNs, toNs] of one runqueue wait over 20 us. */
export type RunqueueWait = readonly [number, number, number];

/** Runqueue waits of the threads `tids` in a `perf record -k CLOCK_MONOTONIC` of sched events. */
export function runqueueWaits(perfData: string, tids: ReadonlySet<number>): RunqueueWait[] {
  const out = spawnSync('perf', ['script', '-i', perfData, '--ns', '-F', 'time,event,trace'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  }).stdout;
  const waitingSince = new Map<number, number>();
  const waits: RunqueueWait[] = [];
  for (const line of out.split('\n')) {
    const m = line.match(/^\s*([\d.]+):\s+sched:(\w+):\s+(.*)$/);
    if (!m) continue;
    const t = Math.round(Number(m[1]) * 1e9);
    const trace = m[3] as string;
    if (m[2] === 'sched_waking') {
      const pid = Number(trace.match(/pid=(\d+)/)?.[1]);
      if (tids.has(pid) && !waitingSince.has(pid)) waitingSince.set(pid, t);
    } else if (m[2] === 'sched_switch') {
      const prev = Number(trace.match(/prev_pid=(\d+)/)?.[1]);
      const next = Number(trace.match(/next_pid=(\d+)/)?.[1]);
      // preempted: runnable from now on
      if (tids.has(prev) && /prev_state=R/.test(trace)) waitingSince.set(prev, t);
      const since = waitingSince.get(next);
      if (since === undefined) continue;
      waitingSince.delete(next);
      if (t - since > 20_000) waits.push([next, since, t]);
    }
  }
  return waits;
}

export interface WindowData {
  /** `direct`, or the target's name. */
  readonly label: string;
  /** Which of the window's two targets (0: direct) this report is about. */
  readonly index: 0 | 1;
  readonly samples: readonly Sample[];
  readonly fake: ReadonlyMap<number, HopStamp>;
  readonly target: ReadonlyMap<number, HopStamp>;
  readonly gcs: readonly GcStamp[];
  readonly waits: readonly RunqueueWait[];
  /** Main thread id -> 'target' | 'fake' | 'load generator'. */
  readonly who: ReadonlyMap<number, string>;
}

const overlap = (a0: number, a1: number, b0: number, b1: number): number =>
  Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
const ms = (ns: number): string => (ns / 1e6).toFixed(2);
const mean = (xs: readonly number[]): number =>
  xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const percentile = (xs: readonly number[], p: number): number =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? Number.NaN;

/**
 * One line: p50/p99; the mean hops (in: sent -> target has the headers; to fake; fake; from fake;
 * out: target finished -> done; and how late the send was) of the requests within 50 us of the
 * median and of the slowest 1%; how many of the slowest overlap a GC of the target; the mean
 * runqueue wait of each main thread during them (with perf data).
 */
export function tailReport(w: WindowData): string {
  const mine = w.samples.filter((s) => s.target === w.index);
  const latency = (s: Sample): number => s.doneNs - s.sentNs;
  const p50 = percentile(mine.map(latency), 0.5);
  const p99 = percentile(mine.map(latency), 0.99);
  const slow = mine.filter((s) => latency(s) >= p99);
  const middle = mine.filter((s) => Math.abs(latency(s) - p50) < 50_000);
  const hops = (s: Sample): number[] => {
    const [, f0 = Number.NaN, f1 = Number.NaN] = w.fake.get(s.tag) ?? [];
    const [, g0 = f0, g1 = f1] = (w.index === 1 ? w.target.get(s.tag) : undefined) ?? [];
    return [g0 - s.sentNs, f0 - g0, f1 - f0, g1 - f1, s.doneNs - g1, s.sentNs - s.dueNs];
  };
  const meanHops = (rows: readonly Sample[]): string => {
    const split = rows.map(hops);
    return [0, 1, 2, 3, 4, 5].map((c) => ms(mean(split.map((r) => r[c] as number)))).join(' ');
  };
  let text = `${w.label}: n ${mine.length}, p50 ${ms(p50)} p99 ${ms(p99)} ms; hops ms [in, to fake, fake, from fake, out, late send] median ${meanHops(middle)}, slowest 1% ${meanHops(slow)}`;
  if (w.index === 1) {
    const hit = slow.filter((s) =>
      w.gcs.some(([at, d]) => overlap(s.sentNs, s.doneNs, at, at + d) > 0),
    ).length;
    const longest = Math.max(0, ...w.gcs.map((g) => g[1]));
    text += `; GC ${w.gcs.length} (longest ${ms(longest)} ms), overlapping ${hit}/${slow.length} slow`;
  }
  if (w.waits.length > 0) {
    const waited = (s: Sample, who: string): number =>
      w.waits
        .filter(([tid]) => w.who.get(tid) === who)
        .reduce((sum, [, a, b]) => sum + overlap(s.sentNs, s.doneNs, a, b), 0);
    const names = [...new Set(w.who.values())];
    const of = (rows: readonly Sample[]): string =>
      names.map((n) => `${n} ${ms(mean(rows.map((s) => waited(s, n))))}`).join(', ');
    text += `; runqueue wait ms during the slowest 1%: ${of(slow)}; the median: ${of(middle)}`;
  }
  return text;
}
