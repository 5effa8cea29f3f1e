/**
 * Mean and percentiles (p50, p90, p99; linear interpolation between order statistics, numpy's
 * default) of a sample. An empty sample gives zeros (RunSummary fields are numbers).
 *
 * @example
 * latencyStats([1, 2, 3, 4]); // { mean: 2.5, p50: 2.5, p90: 3.7, p99: 3.97 }
 */

import type { LatencyStats } from './run-summary.js';

/**
 * Mean and percentiles (p50, p90, p99; linear interpolation between order statistics, numpy's
 * default) of a sample.
 */
export function latencyStats(values: readonly number[]): LatencyStats {
  return latencyStatsInPlace(Float64Array.from(values));
}

/**
 * `latencyStats` of a Float64Array that may be reordered (no copy): the mean is summed in the
 * array's order first, then p50, p90 and p99 are selected, each search starting where the previous
 * one left the array partitioned (exact order statistics: the same values as sorting).
 */
export function latencyStatsInPlace(data: Float64Array): LatencyStats {
  if (data.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i] as number;
  const p50 = quantileFrom(data, 0.5, 0);
  const p90 = quantileFrom(data, 0.9, Math.floor((data.length - 1) * 0.5));
  const p99 = quantileFrom(data, 0.99, Math.floor((data.length - 1) * 0.9));
  return { mean: sum / data.length, p50, p90, p99 };
}

/**
 * Quantile p by selection (Hoare's quickselect, O(n) expected; the array is reordered, not sorted):
 * the same value as `quantileSorted` on the sorted array, without an O(n log n) sort of millions
 * of token gaps.
 */
export function quantileSelect(data: Float64Array, p: number): number {
  return quantileFrom(data, p, 0);
}

/**
 * quantileSelect searching only indices >= `from`: valid when `data` is already partitioned at
 * `from - 1` or later (everything before `from` <= everything from it), e.g. by an earlier select
 * of a lower quantile.
 */
function quantileFrom(data: Float64Array, p: number, from: number): number {
  const n = data.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = select(data, lo, Math.min(from, lo));
  if (lo + 1 >= n || h === lo) return a;
  let b = Number.POSITIVE_INFINITY;
  for (let i = lo + 1; i < n; i++) if ((data[i] as number) < b) b = data[i] as number;
  return a + (h - lo) * (b - a);
}

/** Puts the k-th smallest at index k (everything before <= it, after >= it); returns it. */
function select(data: Float64Array, k: number, from: number): number {
  let left = from;
  let right = data.length - 1;
  while (right > left) {
    const pivot = data[(left + right) >> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((data[i] as number) < pivot) i++;
      while ((data[j] as number) > pivot) j--;
      if (i <= j) {
        const t = data[i] as number;
        data[i] = data[j] as number;
        data[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return data[k] as number;
}

/** Quantile p of an ascending array (linear interpolation). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] as number;
  return a + (h - lo) * ((sorted[hi] as number) - a);
}
