/**
 * One simulation of a sweep (`compare`, `capacity`): a policy at a load, with the simulate
 * options. Plain data, so it crosses to a worker thread by structured clone.
 */

import type { RunSummary } from '../../metrics/run-summary.js';
import type { LoadKind } from '../../reports/report-input.js';
import type { BacklogTrend } from './capacity-stability.js';
import type { SimulationFlags } from './sweep-flags.js';

/** One (policy, load) point of a sweep, with the simulation flags it runs under. */
export interface SweepPoint extends SimulationFlags {
  readonly policy: string;
  readonly loadKind: LoadKind;
  /** Requests per second (`rate`) or rate multiplier (`rateScale`). */
  readonly load: number;
}

/** What a point gives back: its summary and per-request latencies (completed requests). */
export interface SweepResult {
  readonly summary: RunSummary;
  /** Failed requests by error kind ({} when all completed). */
  readonly failedByKind: Readonly<Record<string, number>>;
  /** p99 of every token gap of the run, pooled (the capacity harness's tail TBT). */
  readonly tbtP99: number;
  /** Offered load: (requests - 1) / (last arrival - first arrival), requests per second. */
  readonly offeredRate: number;
  /** Work in the system over the arrival window, and the longest wait (capacity's steady guard). */
  readonly backlog: BacklogTrend;
  readonly ttft: number[];
  readonly e2e: number[];
}

/** A failure crossing back from a worker: user errors keep their code for the one-line message. */
export interface SweepFailure {
  readonly message: string;
  readonly userError: boolean;
}

/** SLO attainment counting failed (not completed) requests as misses. */
export function effectiveAttainment(summary: RunSummary): number {
  if (summary.requests === 0) return 0;
  return (summary.sloAttainment * summary.completed) / summary.requests;
}
