/**
 * A predictive distribution as `atomCount` equally likely residual atoms in log-length space:
 * the length is exp(mu + a_j). The atoms are quantiles of observed residuals (the cold model's
 * residuals on data it was not fitted on, or a group's online residuals), so the spread is what
 * was seen, not assumed. Mean, deciles and half-octave buckets follow from the atoms, capped at
 * max_tokens when given.
 *
 * @example
 * const atoms = residualAtoms([-0.5, 0, 0.3, 1.2]);
 * const prediction = atomsPrediction(Math.log(100), atoms, edges, undefined);
 */

import { bucketIndex } from '../length-buckets.js';
import type { LengthPrediction } from '../predictor.js';

/** How many equally likely atoms a predictive distribution has. */
export const atomCount = 40;

/** `atomCount` quantiles (at (j + 0.5) / atomCount) of `residuals`; zeros when none. */
export function residualAtoms(residuals: ArrayLike<number>): Float64Array {
  const atoms = new Float64Array(atomCount);
  const n = residuals.length;
  if (n === 0) return atoms;
  const sorted = Float64Array.from(residuals).sort();
  for (let j = 0; j < atomCount; j++) {
    const position = ((j + 0.5) / atomCount) * n - 0.5;
    const low = Math.max(0, Math.min(n - 1, Math.floor(position)));
    const high = Math.min(n - 1, low + 1);
    const fraction = Math.max(0, Math.min(1, position - low));
    atoms[j] = (sorted[low] ?? 0) * (1 - fraction) + (sorted[high] ?? 0) * fraction;
  }
  return atoms;
}

/** Quantile averaging: (1 - w) a + w b, atom by atom (a valid quantile function again). */
export function blendAtoms(
  a: Float64Array,
  b: Float64Array,
  w: number,
  out: Float64Array,
): Float64Array {
  for (let j = 0; j < atomCount; j++) out[j] = (1 - w) * (a[j] ?? 0) + w * (b[j] ?? 0);
  return out;
}

export function atomsPrediction(
  mu: number,
  atoms: Float64Array,
  edges: readonly number[],
  cap: number | undefined,
): LengthPrediction {
  const limit = cap !== undefined && cap >= 1 ? cap : Number.POSITIVE_INFINITY;
  const probs = new Array<number>(edges.length - 1).fill(0);
  const lengths = new Float64Array(atomCount);
  let mean = 0;
  for (let j = 0; j < atomCount; j++) {
    const length = Math.min(limit, Math.max(1, Math.exp(mu + (atoms[j] ?? 0))));
    lengths[j] = length;
    mean += length / atomCount;
    const bucket = bucketIndex(edges, length);
    probs[bucket] = (probs[bucket] ?? 0) + 1 / atomCount;
  }
  const quantiles: number[] = [];
  for (let k = 1; k <= 9; k++) {
    // decile k/10 sits between atoms: linear in the sorted (monotone) atom lengths
    const position = (k / 10) * atomCount - 0.5;
    const low = Math.floor(position);
    const fraction = position - low;
    const value = (lengths[low] ?? 1) * (1 - fraction) + (lengths[low + 1] ?? 1) * fraction;
    quantiles.push(Math.max(value, quantiles[k - 2] ?? 0));
  }
  return { mean, quantiles, buckets: { edges, probs }, costSeconds: 0 };
}
