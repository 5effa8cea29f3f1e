/**
 * A fixed-size histogram of non-negative durations (seconds) with log-spaced buckets (HDR
 * histogram-style): the pooled TBT distribution of a run (millions of token gaps) in ~180 KB,
 * whatever the run's length. A value's bucket is read off its float64 bits (no logarithm):
 *
 *   x = 2^e * 1.m  ->  bucket (e, top 9 bits of m): width 2^(e-9), so [lo, lo * (1 + 2^-9))
 *   a bucket stands for its midpoint: within 2^-10 (< 0.1%, relative) of every value in it.
 *
 * Accuracy (documented in docs/benchmarks.md): every quantile (numpy's linear interpolation between
 * the order statistics at floor((n-1)p) and the next) is within 0.1% (relative) of the exact one
 * for values in [2^-24 s (6e-8), 2^20 s (1e6)]; exact zeros stay zero, smaller positive values read
 * as about 6e-8, larger ones as about 1e6, and every answer is clamped to the exact min and max
 * seen. The mean, count, min and max are exact.
 */
import type { LatencyStats } from './run-summary.js';

const MANTISSA_BITS = 9;
const MIN_EXPONENT = -24;
const MAX_EXPONENT = 20;
const BIAS = 1023;
const SHIFT = 20 - MANTISSA_BITS;
const FIRST = (MIN_EXPONENT + BIAS) << MANTISSA_BITS;
const BUCKETS = (MAX_EXPONENT - MIN_EXPONENT) << MANTISSA_BITS;
const MIN = 2 ** MIN_EXPONENT;
const MAX = 2 ** MAX_EXPONENT;

/** Relative accuracy of `LatencySketch` quantiles. */
export const latencySketchAccuracy = 0.001;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
/** Index of the high 32 bits of a float64 in `words` (1 on little-endian hosts). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

export class LatencySketch {
  /** counts[0]: exact zeros; counts[1 + i]: values in bucket i. */
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
    const slot = slotOf(x);
    this.#counts[slot] = (this.#counts[slot] as number) + 1;
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
      if (seen > k) return Math.min(this.#max, Math.max(this.#min, slotValue(i)));
    }
    return this.#max;
  }
}

/** 0 for zero, else 1 + the bucket of x (clamped to the covered range). */
function slotOf(x: number): number {
  if (x === 0) return 0;
  if (x < MIN) return 1;
  if (x >= MAX) return BUCKETS;
  bits[0] = x;
  return 1 + (((words[HIGH] as number) >>> SHIFT) - FIRST);
}

/** The midpoint of a slot's bucket. */
function slotValue(slot: number): number {
  if (slot === 0) return 0;
  words[HIGH] = (slot - 1 + FIRST) << SHIFT;
  words[1 - HIGH] = 0;
  const lo = bits[0] as number;
  return lo * (1 + 2 ** -(MANTISSA_BITS + 1));
}
