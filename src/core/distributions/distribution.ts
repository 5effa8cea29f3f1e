/**
 * A service-time (job size) distribution: exact sampling plus what the M/G/1 formulas need.
 * Implementations: exponential, weibull, lognormal, bounded-pareto, deterministic, empirical,
 * hyperexponential (one file each in this folder).
 */

import type { Rng } from '../rng.js';

/** A service-time (job size) distribution: exact sampling plus what the M/G/1 formulas need. */
export interface Distribution {
  /** Canonical spec, e.g. `weibull:0.5,0.5` (parseable by parseDistribution). */
  readonly spec: string;
  readonly mean: number;
  readonly secondMoment: number;
  sample(rng: Rng): number;
  /** Density at x (for discrete/empirical: undefined; use `atoms`). */
  pdf(x: number): number;
  cdf(x: number): number;
  /** Inverse CDF (quantile) for p in (0, 1). */
  quantile(p: number): number;
  /** Support [lower, upper]; upper may be Infinity. */
  readonly support: readonly [number, number];
  /** Point masses (deterministic, empirical): integrate sums over them instead of the pdf. */
  readonly atoms?: readonly { readonly x: number; readonly p: number }[];
}
