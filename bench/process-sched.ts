/**
 * Scheduling of the benchmarks' processes on Linux: pin one to a CPU (taskset), put a main thread
 * in the real-time class and back (chrt; root), and read how long a main thread has waited for a
 * CPU (/proc/PID/schedstat). Used by bench/gateway-overhead.ts and bench/gateway-tail.ts.
 *
 * @example
 * realtime([process.pid, fakePid], true); // SCHED_FIFO 20
 * const waitedNs = runqueueWaitNs(fakePid);
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Nanoseconds the main thread of `pid` has spent runnable but waiting for a CPU (schedstat). */
export function runqueueWaitNs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]);
  } catch {
    return Number.NaN;
  }
}

/** Pins every thread of `pid` to one CPU (taskset). */
export function pin(pid: number | undefined, cpu: number): void {
  if (pid === undefined) return;
  const done = spawnSync('taskset', ['-a', '-pc', String(cpu), String(pid)], { stdio: 'ignore' });
  if (done.status !== 0)
    throw new Error(`taskset -a -pc ${cpu} ${pid} failed (is taskset installed?)`);
}

/** The main thread of each pid under SCHED_FIFO 20 (`fifo`) or back in the normal class (chrt). */
export function realtime(pids: readonly (number | undefined)[], fifo: boolean): void {
  for (const pid of pids) {
    if (pid === undefined) continue;
    const args = fifo ? ['-f', '-p', '20', String(pid)] : ['-o', '-p', '0', String(pid)];
    if (spawnSync('chrt', args, { stdio: 'ignore' }).status !== 0)
      throw new Error(`chrt ${args.join(' ')} failed (root?)`);
  }
}
