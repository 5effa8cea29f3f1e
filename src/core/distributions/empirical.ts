/**
 * The empirical distribution of observed sizes (for example output lengths from a trace):
 * each distinct value is an atom with its observed frequency. Sampling picks a value uniformly.
 * `label` names the source in the spec (`empirical:LABEL`); reading files is the CLI's job.
 *
 * @example
 * empiricalDistribution([1, 2, 2, 5], 'demo').cdf(2); // 0.75
 */

import type { Distribution } from './distribution.js';

/**
 * The empirical distribution of observed sizes (for example output lengths from a trace): each
 * distinct value is an atom with its observed frequency.
 */
export function empiricalDistribution(values: readonly number[], label: string): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const atoms: { x: number; p: number }[] = [];
  for (const x of sorted) {
    const last = atoms[atoms.length - 1];
    if (last && last.x === x) last.p += 1 / n;
    else atoms.push({ x, p: 1 / n });
  }
  const cumulative: number[] = [];
  let running = 0;
  for (const atom of atoms) {
    running += atom.p;
    cumulative.push(running);
  }
  const mean = sorted.reduce((sum, x) => sum + x, 0) / n;
  const secondMoment = sorted.reduce((sum, x) => sum + x * x, 0) / n;
  const cdf = (x: number): number => {
    let lo = 0;
    let hi = atoms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((atoms[mid]?.x ?? Number.POSITIVE_INFINITY) <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : Math.min(1, cumulative[lo - 1] ?? 1);
  };
  return {
    spec: `empirical:${label}`,
    mean,
    secondMoment,
    support: [sorted[0] ?? 0, sorted[n - 1] ?? 0],
    atoms,
    sample: (rng) => sorted[Math.min(n - 1, Math.floor(rng.next() * n))] ?? 0,
    pdf: () => 0,
    cdf,
    quantile: (p) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))] ?? 0,
  };
}
