/**
 * Bounded multiplicative error: y | x ~ Uniform[(1 - alpha) x, (1 + alpha) x], 0 < alpha <= 1.
 * Mean- and median-unbiased. This is the "estimate within [beta s, alpha s]" model of the uniform
 * bounds paper (algorithms.md section 3) with beta = 1 - alpha, alpha' = 1 + alpha.
 *
 * @example
 * uniformPrediction(0.5).cdf(1, 1); // 0.5
 */

import type { PredictionModel } from '../prediction-model.js';

/** Bounded multiplicative error: y | x ~ Uniform[(1 - alpha) x, (1 + alpha) x], 0 < alpha <= 1. */
export function uniformPrediction(alpha: number): PredictionModel {
  const low = 1 - alpha;
  const high = 1 + alpha;
  return {
    spec: `uniform:${alpha}`,
    exact: false,
    relativeKinks: low > 0 ? [low, high] : [high],
    sample: (x, rng) => x * (low + (high - low) * rng.next()),
    density: (y, x) => (x <= 0 || y < low * x || y > high * x ? 0 : 1 / ((high - low) * x)),
    cdf: (y, x) => {
      if (x <= 0) return y >= 0 ? 1 : 0;
      if (y <= low * x) return 0;
      if (y >= high * x) return 1;
      return (y - low * x) / ((high - low) * x);
    },
  };
}
