/**
 * Exact predictions: y = x. Turns every predicted-size policy into its known-size twin
 * (SPJF -> SJF, PSPJF -> PSJF, SPRPT -> SRPT). No density: the analytic module uses the
 * known-size formulas.
 *
 * @example
 * exactPrediction.sample(3, rng); // 3
 */

import type { PredictionModel } from '../prediction-model.js';

/** Exact predictions: y = x. */
export const exactPrediction: PredictionModel = {
  spec: 'exact',
  exact: true,
  sample: (x) => x,
  density: () => 0,
  cdf: (y, x) => (y >= x ? 1 : 0),
};
