/**
 * Exponential service time with the given mean (`exp` = mean 1, `exp:MEAN`): the M/M/1 case of
 * the survey's Tables 1 and 2. Memoryless, so every size-blind policy has the FIFO mean.
 *
 * @example
 * exponentialDistribution(1).secondMoment; // 2
 */

import type { Distribution } from './distribution.js';
import { sampleUnitExponential } from './sample-exponential.js';

/**
 * Exponential service time with the given mean (`exp` = mean 1, `exp:MEAN`): the M/M/1 case of the
 * survey's Tables 1 and 2.
 */
export function exponentialDistribution(mean: number): Distribution {
  return {
    spec: mean === 1 ? 'exp' : `exp:${mean}`,
    mean,
    secondMoment: 2 * mean * mean,
    support: [0, Number.POSITIVE_INFINITY],
    sample: (rng) => mean * sampleUnitExponential(rng),
    pdf: (x) => (x < 0 ? 0 : Math.exp(-x / mean) / mean),
    cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)),
    quantile: (p) => -mean * Math.log1p(-p),
  };
}
