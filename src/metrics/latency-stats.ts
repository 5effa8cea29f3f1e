import type { LatencyStats } from './run-summary.js';

/**
 * Mean and percentiles (p50, p90, p99; linear interpolation between order statistics, numpy's
 * default) of a sample. An empty sample gives zeros (RunSummary fields are numbers).
 *
 * @example
 * latencyStats([1, 2, 3, 4]); // { mean: 2.5, p50: 2.5, p90: 3.7, p99: 3.97 }
 */
export function latencyStats(values: readonly number[]): LatencyStats {
  if (values.length === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: sum / sorted.length,
    p50: quantileSorted(sorted, 0.5),
    p90: quantileSorted(sorted, 0.9),
    p99: quantileSorted(sorted, 0.99),
  };
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
