/**
 * How a prediction y relates to a true size x in the M/G/1 lab: exact, y|x ~ Exp(mean x),
 * uniform multiplicative [(1-a)x, (1+a)x], lognormal multiplicative error.
 * The simulator samples; the analytic module integrates over the conditional density.
 */

import type { Rng } from '../core/rng.js';

/**
 * A prediction model: samples a prediction for a true size, with its density and CDF for the
 * formulas.
 */
export interface PredictionModel {
  /** Canonical spec: `exact`, `exp`, `uniform:ALPHA`, `lognormal:SIGMA`. */
  readonly spec: string;
  /** Draw y given x. */
  sample(x: number, rng: Rng): number;
  /** Conditional density of y given x (exact: undefined, a point mass at x). */
  density(y: number, x: number): number;
  /** P(Y <= y | X = x). */
  cdf(y: number, x: number): number;
  /** True when y = x always (no density). */
  readonly exact: boolean;
  /**
   * Optional, for scale-family models (y = x * Z): the ratios y/x where the conditional density
   * is not smooth (uniform: 1 - alpha and 1 + alpha). The analytic module splits its quadrature
   * there; models with a smooth density leave it out.
   */
  readonly relativeKinks?: readonly number[];
}
