/**
 * The M/G/1 run loop for non-preemptive policies: a started job runs to completion; a job that
 * arrives to a busy server is ranked once (at age 0, which is its age while it waits) and waits in
 * the rank heap; at each completion the best waiting job starts. Events: arrivals and completions
 * only, O(log queue) each. A job that finds the server idle starts at once and is never ranked (no
 * order to decide), which keeps FIFO-like runs at several million jobs per second.
 */

import type { Mg1RunContext } from './mg1-run-context.js';
import { progressMask } from './mg1-run-context.js';

/**
 * The M/G/1 run loop for non-preemptive policies: a started job runs to completion; a job that
 * arrives to a busy server is ranked once (at age 0, which is its age while it waits) and waits in
 * the rank heap; at each completion the best waiting job starts.
 */
export function runNonPreemptive(context: Mg1RunContext): void {
  const { store, heap, stats, counters } = context;
  const jobs = context.config.jobs;
  let nextArrival = context.nextGap();
  let arrived = 0;
  let busy = false;
  let runId = 0;
  let runArrival = 0;
  let completion = Number.POSITIVE_INFINITY;
  let events = 0;
  while (arrived < jobs || busy) {
    events++;
    if (busy && completion <= nextArrival) {
      stats.add(runId, completion - runArrival);
      const now = completion;
      const next = heap.pop();
      if (next < 0) {
        busy = false;
        completion = Number.POSITIVE_INFINITY;
      } else {
        runId = store.id[next] as number;
        runArrival = store.arrival[next] as number;
        completion = now + (store.work[next] as number);
        store.release(next);
      }
      continue;
    }
    const now = nextArrival;
    const slot = store.allocate();
    context.admit(slot, arrived, now);
    arrived++;
    if ((arrived & progressMask) === 0) context.progress(arrived);
    nextArrival = arrived < jobs ? now + context.nextGap() : Number.POSITIVE_INFINITY;
    if (busy) {
      context.rankSlot(slot);
      heap.push(slot);
    } else {
      busy = true;
      runId = store.id[slot] as number;
      runArrival = now;
      completion = now + (store.work[slot] as number);
      store.release(slot);
    }
  }
  counters.events += events;
}
