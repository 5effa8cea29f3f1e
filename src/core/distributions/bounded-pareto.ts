/**
 * Bounded Pareto service time on [low, high]: density proportional to x^-(alpha+1).
 * The classic heavy-tailed workload of size-based scheduling studies (Harchol-Balter).
 * Sampled by inverting the CDF.
 *
 * @example
 * boundedParetoDistribution(1.5, 1, 1000).cdf(1000); // 1
 */

import type { Distribution } from './distribution.js';

/** Bounded Pareto service time on [low, high]: density proportional to x^-(alpha+1). */
export function boundedParetoDistribution(alpha: number, low: number, high: number): Distribution {
  const ratio = (low / high) ** alpha;
  const normalizer = 1 - ratio;
  const moment = (k: number): number =>
    k === alpha
      ? ((alpha * low ** alpha) / normalizer) * Math.log(high / low)
      : ((alpha * low ** alpha) / normalizer) *
        ((high ** (k - alpha) - low ** (k - alpha)) / (k - alpha));
  const quantile = (p: number): number =>
    Math.min(high, Math.max(low, low * (1 - p * normalizer) ** (-1 / alpha)));
  return {
    spec: `bpareto:${alpha},${low},${high}`,
    mean: moment(1),
    secondMoment: moment(2),
    support: [low, high],
    sample: (rng) => quantile(rng.next()),
    pdf: (x) => (x < low || x > high ? 0 : (alpha * low ** alpha * x ** (-alpha - 1)) / normalizer),
    cdf: (x) => (x <= low ? 0 : x >= high ? 1 : (1 - (low / x) ** alpha) / normalizer),
    quantile,
  };
}
