/**
 * The reference capacity harness of the SLAI paper (agrimUT/SLAI's capacity search on
 * Sarathi-Serve's benchmark runner), emulated for scripts/results-slai.ts: Poisson arrivals of up
 * to 16,384 requests, the run stopped after 30 minutes, and the request metrics (median TTFT,
 * median scheduling delay) taken over the requests COMPLETED by then (its metrics store logs a
 * request only at its end); p99 TBT over the token gaps of the window (ours: the real gap, stricter
 * than its batch execution time). Requests arriving after the window cannot change it, so only
 * those arriving within it are simulated. It has no stability guard.
 */

import { searchCapacity } from '../../src/cli/commands/capacity-search.js';
import type { SchedRequest } from '../../src/core/request.js';
import { quantileSorted } from '../../src/metrics/latency-stats.js';
import type { RequestRecord } from '../../src/metrics/request-record.js';

/** The reference harness's run length (capacity_search.py `--time-limit`, minutes) and trace size. */
export const harnessSeconds = 30 * 60;
export const harnessRequests = 16384;

/** How to run one probe of the harness, and its limits. */
export interface HarnessSetup {
  /** The first `count` requests of the trace at `rate` req/s. */
  readonly readAt: (rate: number, count: number) => SchedRequest[];
  /** Simulate with token times kept; the records. */
  readonly simulate: (requests: readonly SchedRequest[]) => readonly RequestRecord[];
  readonly ttftP50: number;
  readonly delayP50: number;
  readonly tbt: number;
}

function harnessVerdict(setup: HarnessSetup, rate: number): { passed: boolean; done: number } {
  const count = Math.min(harnessRequests, Math.ceil(rate * harnessSeconds * 1.3) + 50);
  const all = setup.readAt(rate, count);
  let t0 = Number.POSITIVE_INFINITY;
  for (const request of all) t0 = Math.min(t0, request.arrivalTime);
  const end = t0 + harnessSeconds;
  const records = setup.simulate(all.filter((request) => request.arrivalTime <= end));
  const ttft: number[] = [];
  const delay: number[] = [];
  const gaps: number[] = [];
  let arrived = 0;
  for (const record of records) {
    arrived++;
    const times = record.tokenTimes ?? [];
    for (let i = 1; i < times.length && (times[i] as number) <= end; i++)
      gaps.push((times[i] as number) - (times[i - 1] as number));
    if (record.finishTime === undefined || record.finishTime > end) continue;
    ttft.push((times[0] as number) - record.arrivalTime);
    delay.push((record.firstScheduledTime as number) - record.arrivalTime);
  }
  const quantile = (xs: number[], p = 0.5): number =>
    xs.length === 0
      ? Number.POSITIVE_INFINITY
      : quantileSorted(
          xs.sort((a, b) => a - b),
          p,
        );
  const passed =
    quantile(ttft) <= setup.ttftP50 &&
    quantile(delay) <= setup.delayP50 &&
    quantile(gaps, 0.99) <= setup.tbt;
  return { passed, done: arrived > 0 ? ttft.length / arrived : 0 };
}

/** Capacity under the reference harness, with the share of arrived requests completed there. */
export async function referenceHarnessCapacity(
  setup: HarnessSetup,
): Promise<{ load: number; above: boolean; done: number }> {
  const done = new Map<number, number>();
  const outcome = await searchCapacity(
    (load) => {
      const verdict = harnessVerdict(setup, load);
      done.set(load, verdict.done);
      return verdict.passed;
    },
    { start: 1, tolerance: 0.04, maxDoublings: 2 },
  );
  const load =
    outcome.kind === 'found' ? outcome.load : outcome.kind === 'above-range' ? outcome.highest : 0;
  return { load, above: outcome.kind === 'above-range', done: done.get(load) ?? 0 };
}
