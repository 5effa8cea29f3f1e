/**
 * The survey's prediction model: y | x ~ Exp(mean x), i.e. y = x * E with E ~ Exp(1).
 * Mean-unbiased (E[y | x] = x) but very noisy: P(y < x/10 | x) = 9.5%.
 * Density exp(-y/x)/x; CDF 1 - exp(-y/x).
 *
 * @example
 * exponentialPrediction.cdf(1, 1); // 1 - 1/e
 */

import { sampleUnitExponential } from '../../core/distributions/sample-exponential.js';
import type { PredictionModel } from '../prediction-model.js';

/** The survey's prediction model: y | x ~ Exp(mean x), i.e. y = x * E with E ~ Exp(1). */
export const exponentialPrediction: PredictionModel = {
  spec: 'exp',
  exact: false,
  sample: (x, rng) => x * sampleUnitExponential(rng),
  density: (y, x) => (y < 0 || x <= 0 ? 0 : Math.exp(-y / x) / x),
  cdf: (y, x) => (y <= 0 ? 0 : x <= 0 ? 1 : -Math.expm1(-y / x)),
};
