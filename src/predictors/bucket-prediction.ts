/**
 * Builds a `LengthPrediction` from a bucket distribution: mean, deciles and the buckets themselves.
 * With `cap` (the request's max_tokens) the mass above it moves to the cap's bucket and the mean and
 * quantiles are clamped to it, since the engine stops there.
 *
 * @example
 * const prediction = predictionFromBuckets(edges, probs, { costSeconds: 0, cap: 512 });
 */

import { capDistribution, decileQuantiles, distributionMean } from './length-buckets.js';
import type { LengthPrediction } from './predictor.js';

/**
 * Builds a `LengthPrediction` from a bucket distribution: mean, deciles and the buckets
 * themselves.
 */
export function predictionFromBuckets(
  edges: readonly number[],
  probs: Float64Array,
  options: { readonly costSeconds: number; readonly cap?: number | undefined },
): LengthPrediction {
  const cap = options.cap;
  const capped = cap !== undefined && cap >= 1;
  if (capped) capDistribution(edges, probs, cap);
  const limit = capped ? cap : Number.POSITIVE_INFINITY;
  const quantiles = decileQuantiles(edges, probs).map((q) => Math.min(q, limit));
  return {
    mean: Math.min(distributionMean(edges, probs), limit),
    quantiles,
    buckets: { edges, probs: Array.from(probs) },
    costSeconds: options.costSeconds,
  };
}
