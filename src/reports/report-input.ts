/**
 * What a comparison report is made from: plain data, no simulator types. One run = one policy at
 * one load; `latencies` are per-request seconds of the completed requests (any order).
 */

import type { RunSummary } from '../metrics/run-summary.js';

/** How a report's load axis is given: requests per second or a rate multiplier. */
export type LoadKind = 'rate' | 'rateScale';

export interface ReportRun {
  readonly policy: string;
  /** Requests per second (`rate`) or the rate multiplier k (`rateScale`). */
  readonly load: number;
  readonly summary: RunSummary;
  /** Failed requests by error kind ({} when all completed). */
  readonly failedByKind: Readonly<Record<string, number>>;
  readonly latencies: {
    readonly ttft: readonly number[];
    readonly e2e: readonly number[];
  };
}

export interface ReportInput {
  readonly title: string;
  /** Trace path or synthetic spec. */
  readonly trace: string;
  readonly loadKind: LoadKind;
  /** SLO targets in seconds, when given; `mix`: per-request SLO classes (e.g. `--slo-mix`). */
  readonly slo?: {
    readonly ttft?: number;
    readonly tbt?: number;
    readonly mix?: string;
    /** Some requests carry their own targets (trace `slo_*` / `slo_class`). */
    readonly perRequest?: boolean;
  };
  /** Other settings shown in the header (model, gpu, replicas, router, predictor, seed...). */
  readonly settings: Readonly<Record<string, string | number>>;
  readonly runs: readonly ReportRun[];
}
