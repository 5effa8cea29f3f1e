/**
 * Lognormal multiplicative error: y = x * exp(N(0, sigma^2)).
 * MEDIAN-unbiased (median of y | x is x; mu = 0), so the mean over-predicts by exp(sigma^2/2).
 * Ratio-symmetric: P(y > k x) = P(y < x / k). Trail's simulator substitute (algorithms.md 7.1).
 *
 * @example
 * lognormalPrediction(0.5).cdf(2, 2); // 0.5
 */

import { normalCdf, sampleNormal } from '../../core/distributions/standard-normal.js';
import type { PredictionModel } from '../prediction-model.js';

/** Lognormal multiplicative error: y = x * exp(N(0, sigma^2)). */
export function lognormalPrediction(sigma: number): PredictionModel {
  const norm = sigma * Math.sqrt(2 * Math.PI);
  return {
    spec: `lognormal:${sigma}`,
    exact: false,
    sample: (x, rng) => x * Math.exp(sigma * sampleNormal(rng)),
    density: (y, x) => {
      if (y <= 0 || x <= 0) return 0;
      const z = Math.log(y / x) / sigma;
      return Math.exp(-0.5 * z * z) / (norm * y);
    },
    cdf: (y, x) => (y <= 0 ? 0 : x <= 0 ? 1 : normalCdf(Math.log(y / x) / sigma)),
  };
}
