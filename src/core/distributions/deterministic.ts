/**
 * Every job has the same size (M/D/1). A single atom: the analytic module sums over `atoms`.
 *
 * @example
 * deterministicDistribution(2).secondMoment; // 4
 */

import type { Distribution } from './distribution.js';

/** Every job has the same size (M/D/1). */
export function deterministicDistribution(value: number): Distribution {
  return {
    spec: `det:${value}`,
    mean: value,
    secondMoment: value * value,
    support: [value, value],
    atoms: [{ x: value, p: 1 }],
    sample: () => value,
    pdf: () => 0,
    cdf: (x) => (x >= value ? 1 : 0),
    quantile: () => value,
  };
}
