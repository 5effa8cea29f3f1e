/**
 * The summary every LLM executor prints (`llmsched simulate --json`, `llmsched engine replay --json`).
 * Times in seconds. The field names are a public contract: scripts depend on them.
 */

import type { QueueByCause } from './request-record.js';
import type { SloClassSummary } from './slo-class-summary.js';

/** Mean and percentiles (p50, p90, p99) of one per-request metric. */
export interface LatencyStats {
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface RunSummary {
  readonly policy: string;
  readonly requests: number;
  readonly completed: number;
  /** Virtual (simulated) or real duration from first arrival to last completion. */
  readonly durationSeconds: number;
  /** Wall-clock seconds the run took. */
  readonly wallSeconds: number;
  readonly throughputTokensPerSecond: number;
  readonly ttft: LatencyStats;
  readonly tpot: LatencyStats;
  readonly e2e: LatencyStats;
  readonly queueDelay: LatencyStats;
  /** E2E / output tokens of completed requests: the per-token latency of Orca and LTR. */
  readonly normalizedLatency: LatencyStats;
  /**
   * Mean seconds per scheduled request of queue delay by cause (sums to queueDelay.mean over the
   * requests that carry a split; zeros when the executor records none).
   */
  readonly queueByCause: QueueByCause;
  /** Share of completed requests meeting both the TTFT and TBT targets (1 when none are set). */
  readonly sloAttainment: number;
  /** Requests per second that met their SLO. */
  readonly goodput: number;
  readonly preemptions: number;
  readonly prefixHitRate: number;
  readonly meanKvUtilization: number;
  /**
   * SLO attainment, goodput, TTFT and tail TBT per SLO class (slo-class-summary.ts); present only
   * when some request carries its own targets (trace `slo_*`/`slo_class`, `--slo-mix`).
   */
  readonly sloClasses?: readonly SloClassSummary[];
}
