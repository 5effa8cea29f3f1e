/**
 * What "a policy copes with this load" means for `capacity`:
 *
 * - `paper` (default): the SLAI paper's capacity (algorithms.md §11.2) on the Sarathi-Serve
 *   harness: median TTFT <= `ttftP50` (0.5 s) AND median scheduling delay (arrival -> first
 *   scheduled) <= `delayP50` (2 s) AND the tail-TBT constraint: the p99 of all token gaps, pooled,
 *   within the TBT target (per SLO class when requests carry their own targets: each class's
 *   pooled p99 within its own target). A queue that grows without bound fails on the medians
 *   even when every decode is fast. With `serviceRate` (the requests per second the policy serves
 *   when the whole trace arrives at once), a load offered faster than that also fails: on a finite
 *   trace a shortest-prompt-first policy keeps its median TTFT low beyond saturation (only the
 *   long prompts starve), a load no steady state can sustain (the `burst` stability guard).
 *   With `steady` instead (capacity-stability.ts), the probe's own run must show a bounded queue:
 *   the work in the system must not grow over the arrival window, and no request may wait to be
 *   scheduled for more than a share of that window (starvation).
 * - `attainment`: the older criterion, SLO attainment (failed requests count as misses) >=
 *   `target`; it counts only the requests that completed within their targets, so on a finite
 *   trace a policy that keeps TBT low while its queue grows can pass at any load.
 */

import { assertNever } from '../../core/assert-never.js';
import { type SteadyLimits, steadyStabilityMiss } from './capacity-stability.js';
import { effectiveAttainment, type SweepResult } from './sweep-point.js';

/**
 * A capacity criterion: the paper's (median TTFT, median scheduling delay, p99 TBT) or another
 * kind, with its limits.
 */
export type CapacityCriterion =
  | {
      readonly kind: 'paper';
      readonly ttftP50: number;
      readonly delayP50: number;
      /** The run's TBT target (requests without their own target use it). */
      readonly sloTbt?: number;
      /** Saturated service rate, requests per second: offered loads above it fail (`burst`). */
      readonly serviceRate?: number;
      /** Steady-state guard: the run's backlog trend within these limits (`steady`). */
      readonly steady?: SteadyLimits;
    }
  | { readonly kind: 'attainment'; readonly target: number };

export interface CriterionVerdict {
  readonly passed: boolean;
  /** Why it failed (the first condition broken), or 'ok'. */
  readonly reason: string;
  readonly attainment: number;
  readonly ttftP50: number;
  readonly delayP50: number;
  /** p99 of all token gaps of the run, pooled. */
  readonly tbtP99: number;
}

export function judgeCapacity(criterion: CapacityCriterion, result: SweepResult): CriterionVerdict {
  const summary = result.summary;
  const base = {
    attainment: effectiveAttainment(summary),
    ttftP50: summary.ttft.p50,
    delayP50: summary.queueDelay.p50,
    tbtP99: result.tbtP99,
  };
  switch (criterion.kind) {
    case 'attainment': {
      const passed = base.attainment >= criterion.target;
      return {
        ...base,
        passed,
        reason: passed
          ? 'ok'
          : `SLO attainment ${base.attainment.toFixed(3)} < ${criterion.target}`,
      };
    }
    case 'paper': {
      if (summary.completed === 0)
        return { ...base, passed: false, reason: 'no request completed' };
      if (criterion.serviceRate !== undefined && result.offeredRate > criterion.serviceRate) {
        return {
          ...base,
          passed: false,
          reason: `offered ${result.offeredRate.toFixed(2)} req/s > service rate ${criterion.serviceRate.toFixed(2)} req/s`,
        };
      }
      const unstable =
        criterion.steady === undefined
          ? undefined
          : steadyStabilityMiss(result.backlog, criterion.steady);
      if (unstable !== undefined) return { ...base, passed: false, reason: unstable };
      if (summary.ttft.p50 > criterion.ttftP50) {
        return {
          ...base,
          passed: false,
          reason: `median TTFT ${summary.ttft.p50.toFixed(3)} s > ${criterion.ttftP50} s`,
        };
      }
      if (summary.queueDelay.p50 > criterion.delayP50) {
        return {
          ...base,
          passed: false,
          reason: `median scheduling delay ${summary.queueDelay.p50.toFixed(3)} s > ${criterion.delayP50} s`,
        };
      }
      const miss = tailTbtMiss(result, criterion.sloTbt);
      if (miss !== undefined) return { ...base, passed: false, reason: miss };
      return { ...base, passed: true, reason: 'ok' };
    }
    default:
      return assertNever(criterion);
  }
}

/** The first SLO class whose pooled p99 TBT exceeds its target, as a reason; undefined if none. */
function tailTbtMiss(result: SweepResult, sloTbt: number | undefined): string | undefined {
  const classes = result.summary.sloClasses;
  if (classes === undefined) {
    if (sloTbt !== undefined && result.tbtP99 > sloTbt)
      return `p99 TBT ${result.tbtP99.toFixed(4)} s > ${sloTbt} s`;
    return undefined;
  }
  for (const entry of classes) {
    if (entry.tbtTarget !== undefined && entry.tbtP99 > entry.tbtTarget) {
      return `p99 TBT of class ${entry.name} ${entry.tbtP99.toFixed(4)} s > ${entry.tbtTarget} s`;
    }
  }
  return undefined;
}
