/**
 * Two-phase hyperexponential: with probability p1 Exp(mean1), else Exp(mean2). The simplest
 * high-variance (CV > 1) service time; E[X^2] = 2 (p1 mean1^2 + (1 - p1) mean2^2).
 * The quantile has no closed form: it is found by bisection on the CDF (to ~1e-14 relative).
 *
 * @example
 * hyperexponentialDistribution(0.9, 0.5, 5.5).mean; // 1
 */

import type { Distribution } from './distribution.js';
import { sampleUnitExponential } from './sample-exponential.js';

/** Two-phase hyperexponential: with probability p1 Exp(mean1), else Exp(mean2). */
export function hyperexponentialDistribution(
  p1: number,
  mean1: number,
  mean2: number,
): Distribution {
  const survival = (x: number): number =>
    p1 * Math.exp(-x / mean1) + (1 - p1) * Math.exp(-x / mean2);
  const cdf = (x: number): number => (x <= 0 ? 0 : 1 - survival(x));
  const quantile = (p: number): number => {
    if (p <= 0) return 0;
    if (p >= 1) return Number.POSITIVE_INFINITY;
    const target = 1 - p;
    let lo = 0;
    let hi = Math.max(mean1, mean2);
    while (survival(hi) > target) hi *= 2;
    for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
      const mid = 0.5 * (lo + hi);
      if (survival(mid) > target) lo = mid;
      else hi = mid;
    }
    return 0.5 * (lo + hi);
  };
  return {
    spec: `hyperexp:${p1},${mean1},${mean2}`,
    mean: p1 * mean1 + (1 - p1) * mean2,
    secondMoment: 2 * (p1 * mean1 * mean1 + (1 - p1) * mean2 * mean2),
    support: [0, Number.POSITIVE_INFINITY],
    sample: (rng) => (rng.next() < p1 ? mean1 : mean2) * sampleUnitExponential(rng),
    pdf: (x) =>
      x < 0 ? 0 : (p1 / mean1) * Math.exp(-x / mean1) + ((1 - p1) / mean2) * Math.exp(-x / mean2),
    cdf,
    quantile,
  };
}
