/**
 * Lognormal service time: ln X ~ N(mu, sigma^2). A common fit for LLM output lengths.
 * Mean exp(mu + sigma^2/2), E[X^2] = exp(2 mu + 2 sigma^2).
 *
 * @example
 * lognormalDistribution(-0.5, 1).mean; // 1
 */

import type { Distribution } from './distribution.js';
import { normalCdf, normalQuantile, sampleNormal } from './standard-normal.js';

/** Lognormal service time: ln X ~ N(mu, sigma^2). */
export function lognormalDistribution(mu: number, sigma: number): Distribution {
  return {
    spec: `lognormal:${mu},${sigma}`,
    mean: Math.exp(mu + (sigma * sigma) / 2),
    secondMoment: Math.exp(2 * mu + 2 * sigma * sigma),
    support: [0, Number.POSITIVE_INFINITY],
    sample: (rng) => Math.exp(mu + sigma * sampleNormal(rng)),
    pdf: (x) => {
      if (x <= 0) return 0;
      const z = (Math.log(x) - mu) / sigma;
      return Math.exp(-0.5 * z * z) / (x * sigma * Math.sqrt(2 * Math.PI));
    },
    cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
  };
}
