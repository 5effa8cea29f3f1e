/**
 * A token-length distribution for synthetic workloads: integer draws >= 1.
 * Implementations below: lognormal (median, sigma, clamp), empirical (resample observed lengths),
 * uniform integers, constant.
 */

import type { Rng } from '../../core/rng.js';
import { standardNormal } from '../sampling/standard-normal.js';

/** A token-length distribution for synthetic workloads: integer draws >= 1. */
export interface LengthDistribution {
  /** Canonical description, e.g. `lognormal:median=129,sigma=0.8,max=2048`. */
  readonly spec: string;
  sample(rng: Rng): number;
}

/**
 * Lognormal lengths: exp(N(ln median, sigma^2)), rounded, clamped to [min, max].
 *
 * @example
 * lognormalLengths({ median: 129, sigma: 0.8, max: 2048 }).sample(createRng(1));
 */
export function lognormalLengths(options: {
  readonly median: number;
  readonly sigma: number;
  readonly min?: number;
  readonly max?: number;
}): LengthDistribution {
  const min = Math.max(1, options.min ?? 1);
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const mu = Math.log(options.median);
  return {
    spec: `lognormal:median=${options.median},sigma=${options.sigma},min=${min},max=${max}`,
    sample: (rng) =>
      clamp(Math.round(Math.exp(mu + options.sigma * standardNormal(rng))), min, max),
  };
}

/**
 * Resamples observed lengths uniformly (bootstrap); `values` must be non-empty.
 *
 * @example
 * empiricalLengths([12, 40, 40, 300]).sample(createRng(1)); // one of the values
 */
export function empiricalLengths(values: readonly number[]): LengthDistribution {
  if (values.length === 0) throw new Error('empiricalLengths needs at least one value');
  return {
    spec: `empirical:n=${values.length}`,
    sample: (rng) => Math.max(1, Math.round(values[Math.floor(rng.next() * values.length)] ?? 1)),
  };
}

/** Uniform integers in [min, max]. */
export function uniformLengths(min: number, max: number): LengthDistribution {
  const low = Math.max(1, Math.round(Math.min(min, max)));
  const high = Math.max(low, Math.round(Math.max(min, max)));
  return {
    spec: `uniform:min=${low},max=${high}`,
    sample: (rng) => low + Math.floor(rng.next() * (high - low + 1)),
  };
}

/** Always `value`. */
export function constantLengths(value: number): LengthDistribution {
  const length = Math.max(1, Math.round(value));
  return { spec: `constant:${length}`, sample: () => length };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
