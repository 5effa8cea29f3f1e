/**
 * The size distribution Gittins ranks with, from a length prediction.
 *
 * With `buckets` (learned predictors give a probability per log-spaced length bucket [a, b)): each
 * bucket with mass p > 0 becomes two atoms, at the medians of its lower and upper log-halves,
 * a * (b/a)^(1/4) and a * (b/a)^(3/4), each with mass p/2 — the bucket's length is log-uniform
 * (as length-buckets.ts assumes), and two points per bucket keep both its location and its spread
 * (Gittins' rank changes at atoms) at <= 2 x 30 atoms per request. Atoms are at least 1 token.
 * Without buckets (oracle, noisy predictors): the nine deciles as equally likely atoms.
 */

import type { SizeDistribution } from '../core/job-view.js';
import type { LengthPrediction } from '../predictors/predictor.js';

/** The size distribution Gittins ranks with, from a length prediction. */
export function predictionDistribution(prediction: LengthPrediction): SizeDistribution {
  const buckets = prediction.buckets;
  if (!buckets) return quantilesToDistribution(prediction.quantiles, prediction.mean);
  const values: number[] = [];
  const probs: number[] = [];
  let total = 0;
  for (let i = 0; i < buckets.probs.length; i++) {
    const p = buckets.probs[i] as number;
    const a = Math.max(1, buckets.edges[i] as number);
    const b = Math.max(a, buckets.edges[i + 1] as number);
    if (!(p > 0) || !Number.isFinite(b)) continue;
    const ratio = b / a;
    values.push(Math.max(1, a * ratio ** 0.25), Math.max(1, a * ratio ** 0.75));
    probs.push(p / 2, p / 2);
    total += p;
  }
  if (!(total > 0)) return quantilesToDistribution(prediction.quantiles, prediction.mean);
  return { values, probs: probs.map((p) => p / total) };
}

/** Deciles p10..p90 as 9 equally likely points (the prediction's mean when there are none). */
export function quantilesToDistribution(
  quantiles: readonly number[],
  mean: number,
): SizeDistribution {
  const values = (quantiles.length > 0 ? [...quantiles] : [mean])
    .map((v) => Math.max(1, v))
    .sort((a, b) => a - b);
  return { values, probs: values.map(() => 1 / values.length) };
}
