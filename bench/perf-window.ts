/**
 * One load window of a process under `perf record -e cpu-clock -g` (samples only while it runs),
 * with its CPU time from /proc over the same window: what bench/gateway-perf.ts and
 * bench/predict-serve-perf.ts each measure per target and round. The caller reads `file` with
 * `perf script` and removes it.
 *
 * @example
 * const w = await perfWindow(pid, 999, '/tmp/w.data', () => autocannon({ ... }));
 * console.log((w.cpuSeconds * 1e6) / w.requests, 'CPU us/request');
 */
import { spawn } from 'node:child_process';
import { cpuTimes } from './node-child.js';

/** A perf frame of V8's garbage collector (main thread and helper threads). */
export const gcFrame =
  /Scaveng|MarkCompact|Heap::|Sweeper|Evacuat|ConcurrentMarking|MinorMark|GCTracer/;

export interface PerfWindow {
  readonly file: string;
  readonly requests: number;
  readonly wallSeconds: number;
  /** User + system CPU seconds of the process over the load. */
  readonly cpuSeconds: number;
}

/** Records `pid` at `frequency` Hz into `file` while `load` runs (perf gets 300 ms to attach). */
export async function perfWindow(
  pid: number,
  frequency: number,
  file: string,
  load: () => Promise<{ readonly requests: { readonly total: number } }>,
): Promise<PerfWindow> {
  const perf = spawn(
    'perf',
    [
      'record',
      '-q',
      '-e',
      'cpu-clock',
      '-F',
      String(frequency),
      '-g',
      '-p',
      String(pid),
      '-o',
      file,
    ],
    { stdio: 'ignore' },
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  const [u0, s0] = cpuTimes(pid);
  const from = performance.now();
  const result = await load();
  const wallSeconds = (performance.now() - from) / 1000;
  const [u1, s1] = cpuTimes(pid);
  perf.kill('SIGINT');
  await new Promise((resolve) => perf.on('exit', resolve));
  return { file, requests: result.requests.total, wallSeconds, cpuSeconds: u1 - u0 + s1 - s0 };
}
