/**
 * The steady-state stability guard of `capacity` (`--stability steady`): does the queue stay
 * bounded at the offered rate? Measured on the probe's own run, from its request records, over the
 * arrival window [first arrival, last arrival] (the drain after the last arrival is not steady
 * state and is left out).
 *
 * A load is sustainable when the system is stable: the work in it does not grow without bound and
 * every request is eventually served. On a finite run two symptoms tell the two failures apart
 * from noise, each as a share so that it does not depend on the load or the run length:
 *
 * - **growth**: the work in the system W(t) (prompt + output tokens of the requests arrived and not
 *   finished) averaged over the last third of the window, minus its average over the middle third
 *   (the first third is warm-up from an empty engine), over the work offered in a third. If a share
 *   d of the offered work piles up, W grows at d x the offered token rate and `growth` = d; a
 *   stable queue gives 0 plus noise. The decode part of W is bounded by KV memory and sequence
 *   slots, so W can grow only through requests waiting for (or partway through) their prefill.
 * - **maxDelayShare**: the longest scheduling delay (arrival -> first scheduled) over the window
 *   length. In a stable queue the longest wait does not grow with the run; a request that a
 *   shortest-prompt-first order never reaches waits until arrivals stop, a share of the window
 *   near 1 however long the run. This catches starvation of a few long prompts, whose share of
 *   the work is too small to show in `growth`.
 *
 * Both limits are ours (not the SLAI paper's nor Sarathi-Serve's): docs/policies/slai.md.
 */

import type { RequestRecord } from '../../metrics/request-record.js';

/** The backlog of one run over its arrival window. */
export interface BacklogTrend {
  /** Seconds from the first to the last arrival. */
  readonly window: number;
  /** Mean work in the system over the middle third of the window, tokens. */
  readonly middleTokens: number;
  /** Mean work in the system over the last third, tokens. */
  readonly lastTokens: number;
  /** (lastTokens - middleTokens) / work offered in a third: share of offered work piling up. */
  readonly growth: number;
  /** Longest scheduling delay, seconds (requests never scheduled are not counted). */
  readonly maxDelay: number;
  /** maxDelay / window (0 for an empty window). */
  readonly maxDelayShare: number;
}

/** Limits of the steady guard: `growth` and `maxDelayShare` at most these. */
export interface SteadyLimits {
  readonly growth: number;
  readonly maxDelayShare: number;
}

/** Default limits: 3% of the offered work piling up; no wait longer than half the window. */
export const defaultSteadyLimits: SteadyLimits = { growth: 0.03, maxDelayShare: 0.5 };

/** The backlog trend of a run from its records (failed requests leave at once: not counted). */
export function backlogTrend(records: readonly RequestRecord[]): BacklogTrend {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    first = Math.min(first, record.arrivalTime);
    last = Math.max(last, record.arrivalTime);
  }
  const window = records.length > 1 && last > first ? last - first : 0;
  let maxDelay = 0;
  for (const record of records) {
    if (record.firstScheduledTime !== undefined)
      maxDelay = Math.max(maxDelay, record.firstScheduledTime - record.arrivalTime);
  }
  if (window === 0)
    return { window, middleTokens: 0, lastTokens: 0, growth: 0, maxDelay, maxDelayShare: 0 };
  const third = window / 3;
  const middle = meanWork(records, first + third, first + 2 * third);
  const end = meanWork(records, first + 2 * third, last);
  let offered = 0;
  for (const record of records) offered += workOf(record);
  const offeredPerThird = offered / 3;
  return {
    window,
    middleTokens: middle,
    lastTokens: end,
    growth: offeredPerThird > 0 ? (end - middle) / offeredPerThird : 0,
    maxDelay,
    maxDelayShare: maxDelay / window,
  };
}

/** Why a run fails the steady guard, or undefined when it passes. */
export function steadyStabilityMiss(trend: BacklogTrend, limits: SteadyLimits): string | undefined {
  if (trend.growth > limits.growth) {
    return `backlog grows: ${(trend.growth * 100).toFixed(1)}% of the offered work piles up (> ${(limits.growth * 100).toFixed(1)}%; ${(trend.middleTokens / 1000).toFixed(0)}k -> ${(trend.lastTokens / 1000).toFixed(0)}k tokens in the system)`;
  }
  if (trend.maxDelayShare > limits.maxDelayShare) {
    return `a request waited ${trend.maxDelay.toFixed(0)} s to be scheduled, ${(trend.maxDelayShare * 100).toFixed(0)}% of the ${trend.window.toFixed(0)} s arrival window (> ${(limits.maxDelayShare * 100).toFixed(0)}%: starved)`;
  }
  return undefined;
}

function workOf(record: RequestRecord): number {
  return record.promptTokens + record.outputTokens;
}

/** Time-mean over [from, to) of the work of the requests arrived and not finished. */
function meanWork(records: readonly RequestRecord[], from: number, to: number): number {
  if (to <= from) return 0;
  let area = 0;
  for (const record of records) {
    if (record.error !== undefined) continue;
    const leave = record.finishTime ?? Number.POSITIVE_INFINITY;
    const overlap = Math.min(leave, to) - Math.max(record.arrivalTime, from);
    if (overlap > 0) area += workOf(record) * overlap;
  }
  return area / (to - from);
}
