/**
 * Least-squares fit of the linear-step cost model (sim/cost/linear-step-cost.ts) to measured steps:
 *
 *   seconds = base + perPrefillToken·Σt + perDecodeToken·decodes + perDecodeContextToken·Σctx
 *             + perPrefillAttention·Σt(c + t/2) + perSequence·(prefills + decodes)
 *
 * `relative` (default, for a profile grid whose points span 1 ms to 1 s) minimises relative error
 * (each row weighted by 1/seconds); `absolute` minimises squared seconds, i.e. the error of summed
 * busy time (for step logs of a replay, where every step counts once in the latencies).
 * Coefficients are kept non-negative by dropping any that come out negative and refitting the rest.
 */

import type { StepBatch } from '../../sim/cost/cost-model.js';
import { coefficientNames, type LinearStepCoefficients } from '../../sim/cost/linear-step-cost.js';

export interface MeasuredStep {
  readonly batch: StepBatch;
  readonly seconds: number;
}

function features(b: StepBatch): number[] {
  return [
    1,
    b.prefillTokens,
    b.decodeSeqs,
    b.decodeContext,
    b.prefillAttention,
    b.prefillSeqs + b.decodeSeqs,
  ];
}

/** A step's seconds under `coefficients` (the fitted linear-step model). */
function predictStep(coefficients: LinearStepCoefficients, b: StepBatch): number {
  return features(b).reduce(
    (s, f, j) => s + f * coefficients[coefficientNames[j] as keyof LinearStepCoefficients],
    0,
  );
}

/** Solves the (small, symmetric positive definite + ridge) system A x = y by Gaussian elimination. */
function solve(a: number[][], y: number[]): number[] {
  const n = y.length;
  const m = a.map((row, i) => [...row, y[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (
        Math.abs((m[r] as number[])[col] as number) >
        Math.abs((m[pivot] as number[])[col] as number)
      )
        pivot = r;
    }
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = (m[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-300) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = ((m[r] as number[])[col] as number) / p;
      for (let k = col; k <= n; k++) {
        (m[r] as number[])[k] =
          ((m[r] as number[])[k] as number) - f * ((m[col] as number[])[k] as number);
      }
    }
  }
  return m.map((row, i) => {
    const d = row[i] as number;
    return Math.abs(d) < 1e-300 ? 0 : (row[n] as number) / d;
  });
}

export interface LinearStepFit {
  readonly coefficients: LinearStepCoefficients;
  /** Root mean square of (predicted - measured) / measured over the points. */
  readonly rmsRelativeError: number;
}

export type FitWeighting = 'relative' | 'absolute';

export function fitLinearStep(
  points: readonly MeasuredStep[],
  weighting: FitWeighting = 'relative',
): LinearStepFit {
  const weight = (p: MeasuredStep): number => (weighting === 'relative' ? p.seconds : 1);
  const rows = points.map((p) => features(p.batch).map((x) => x / weight(p)));
  const target = points.map((p) => p.seconds / weight(p));
  // scale columns to unit norm so the ridge and pivoting are well conditioned
  const scale = coefficientNames.map(
    (_, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] as number) ** 2, 0)) || 1,
  );
  let active = coefficientNames
    .map((_, j) => j)
    .filter((j) => rows.some((r) => (r[j] as number) !== 0));
  let x = new Map<number, number>();
  for (let iteration = 0; iteration < coefficientNames.length; iteration++) {
    const a = active.map((i) =>
      active.map(
        (j) =>
          rows.reduce(
            (s, r) =>
              s +
              ((r[i] as number) / (scale[i] as number)) * ((r[j] as number) / (scale[j] as number)),
            0,
          ) + (i === j ? 1e-9 : 0),
      ),
    );
    const y = active.map((i) =>
      rows.reduce(
        (s, r, k) => s + ((r[i] as number) / (scale[i] as number)) * (target[k] as number),
        0,
      ),
    );
    const solution = solve(a, y);
    x = new Map(active.map((j, k) => [j, (solution[k] as number) / (scale[j] as number)]));
    const negative = active.filter((j) => (x.get(j) ?? 0) < 0);
    if (negative.length === 0) break;
    const worst = negative.reduce((w, j) => ((x.get(j) ?? 0) < (x.get(w) ?? 0) ? j : w));
    active = active.filter((j) => j !== worst);
  }
  const coefficients = Object.fromEntries(
    coefficientNames.map((name, j) => [name, Math.max(0, x.get(j) ?? 0)]),
  ) as unknown as LinearStepCoefficients;
  const sq = points.reduce(
    (s, p) => s + ((predictStep(coefficients, p.batch) - p.seconds) / p.seconds) ** 2,
    0,
  );
  return { coefficients, rmsRelativeError: Math.sqrt(sq / Math.max(1, points.length)) };
}

/** Steps slower than this multiple of the first fit (plus 2 ms) are interference spikes. */
const spikeFactor = 2;
const spikeSlackSeconds = 0.002;

/**
 * `fitLinearStep` (absolute) that ignores interference spikes: fit, drop the steps slower than
 * 2 x the fit + 2 ms (another process took the CPU), fit the rest again (kept when >= 8 steps).
 * On a loaded machine a few 10-100x steps otherwise land in the fixed part (the base).
 */
export function fitCalmLinearStep(points: readonly MeasuredStep[]): LinearStepCoefficients {
  const first = fitLinearStep(points, 'absolute').coefficients;
  const calm = points.filter(
    (p) => p.seconds <= spikeFactor * predictStep(first, p.batch) + spikeSlackSeconds,
  );
  if (calm.length < 8 || calm.length === points.length) return first;
  return fitLinearStep(calm, 'absolute').coefficients;
}
