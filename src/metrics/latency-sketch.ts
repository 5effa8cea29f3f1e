import type { LatencyStats } from './run-summary.js';

/**
 * A fixed-size log-bucket histogram of non-negative durations (seconds), DDSketch-style: the
 * pooled TBT distribution of a run (millions of token gaps) in ~120 KB, whatever the run's length.
 *
 *   bucket i >= 1 holds x in (MIN * G^(i-1), MIN * G^i], G = (1 + A) / (1 - A), A = 0.001;
 *   a bucket stands for 2 * MIN * G^i / (G + 1): within A (relative) of every value in it.
 *
 * Accuracy (documented in docs/benchmarks.md): every quantile (numpy's linear interpolation between
 * the order statistics at floor((n-1)p) and the next) is within 0.1% (relative) of the exact one
 * for values in [1e-7 s, 1e6 s]; exact zeros stay zero, values in (0, 1e-7] read as about 1e-7, values
 * above 1e6 s as 1e6 s, and every answer is clamped to the exact min and max seen. The mean, count,
 * min and max are exact.
 */
const ACCURACY = 0.001;
const GROWTH = (1 + ACCURACY) / (1 - ACCURACY);
const LOG_GROWTH = Math.log(GROWTH);
const MIN = 1e-7;
const MAX = 1e6;
const BUCKETS = Math.ceil(Math.log(MAX / MIN) / LOG_GROWTH) + 1;

/** Relative accuracy of `LatencySketch` quantiles. */
export const latencySketchAccuracy = ACCURACY;

export class LatencySketch {
  /** counts[0]: exact zeros; counts[i]: values in bucket i. */
  readonly #counts = new Float64Array(BUCKETS + 1);
  #count = 0;
  #sum = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;

  get count(): number {
    return this.#count;
  }

  add(value: number): void {
    const x = value > 0 ? value : 0;
    this.#count++;
    this.#sum += x;
    if (x < this.#min) this.#min = x;
    if (x > this.#max) this.#max = x;
    const bucket = bucketOf(x);
    this.#counts[bucket] = (this.#counts[bucket] as number) + 1;
  }

  /** Adds every gap between consecutive entries of times[0..count-1]. */
  addGaps(times: ArrayLike<number>, count: number): void {
    for (let i = 1; i < count; i++) this.add((times[i] as number) - (times[i - 1] as number));
  }

  merge(other: LatencySketch): void {
    const counts = this.#counts;
    const theirs = other.#counts;
    for (let i = 0; i < counts.length; i++)
      counts[i] = (counts[i] as number) + (theirs[i] as number);
    this.#count += other.#count;
    this.#sum += other.#sum;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
  }

  /** Quantile p in [0, 1] (linear interpolation between order statistics), 0 when empty. */
  quantile(p: number): number {
    const n = this.#count;
    if (n === 0) return 0;
    const h = (n - 1) * p;
    const lo = Math.floor(h);
    const a = this.#rank(lo);
    if (lo + 1 >= n || h === lo) return a;
    return a + (h - lo) * (this.#rank(lo + 1) - a);
  }

  /** Mean (exact) and p50, p90, p99 (sketched); zeros when empty. */
  stats(): LatencyStats {
    if (this.#count === 0) return { mean: 0, p50: 0, p90: 0, p99: 0 };
    return {
      mean: this.#sum / this.#count,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p99: this.quantile(0.99),
    };
  }

  /** The value standing for the k-th smallest (0-based) value added. */
  #rank(k: number): number {
    const counts = this.#counts;
    let seen = 0;
    for (let i = 0; i < counts.length; i++) {
      seen += counts[i] as number;
      if (seen > k) return Math.min(this.#max, Math.max(this.#min, bucketValue(i)));
    }
    return this.#max;
  }
}

function bucketOf(x: number): number {
  if (x === 0) return 0;
  if (x <= MIN) return 1;
  if (x >= MAX) return BUCKETS;
  return Math.min(BUCKETS, Math.max(1, Math.ceil(Math.log(x / MIN) / LOG_GROWTH)));
}

function bucketValue(bucket: number): number {
  if (bucket === 0) return 0;
  return (2 * MIN * GROWTH ** bucket) / (GROWTH + 1);
}
