/**
 * Batch-means estimate of a steady-state mean with a 95% confidence half-width: the measured jobs
 * (by job id, after warm-up removal) are split into `batches` consecutive groups; the batch means
 * are treated as independent, and the half-width is t(0.975, B - 1) * sd(batch means) / sqrt(B).
 *
 * @example
 * const stats = new BatchMeans(20, 1000, 9000);
 * stats.add(1234, 2.5);
 * stats.result(); // { mean, ci95, count }
 */
export class BatchMeans {
  /**
   * first, end, ids per batch, batches: in a Float64Array rather than number fields, so that the
   * JIT reads plain doubles in `add` (a number field may hold an integer or a boxed double and is
   * checked at every read).
   */
  readonly #range: Float64Array;
  readonly #batches: number;
  readonly #sums: Float64Array;
  readonly #counts: Float64Array;

  /** Measures ids in [first, end), in `batches` groups of consecutive ids. */
  constructor(batches: number, first: number, end: number) {
    this.#range = Float64Array.of(first, end, (end - first) / batches, batches);
    this.#batches = batches;
    // One more slot than batches: the discard slot of `add`.
    this.#sums = new Float64Array(batches + 1);
    this.#counts = new Float64Array(batches + 1);
  }

  /**
   * Adds `value` for job `id` (ignored outside [first, end)). Branch-free on purpose: a job
   * outside the range goes to a discard slot after the batches, so the JIT sees every operation
   * from the first (warm-up) job on and does not deoptimise the hot loop at the first measured job.
   */
  add(id: number, value: number): void {
    const range = this.#range;
    const first = range[0] as number;
    const inside = +(id >= first) * +(id < (range[1] as number));
    const batch = Math.floor((id - first) / (range[2] as number));
    const index = batch * inside + (range[3] as number) * (1 - inside);
    this.#sums[index] = (this.#sums[index] as number) + value;
    this.#counts[index] = (this.#counts[index] as number) + 1;
  }

  result(): { readonly mean: number; readonly ci95: number; readonly count: number } {
    const batches = this.#batches;
    let total = 0;
    let count = 0;
    for (let b = 0; b < batches; b++) {
      total += this.#sums[b] as number;
      count += this.#counts[b] as number;
    }
    const mean = total / count;
    let squares = 0;
    let used = 0;
    let meanOfMeans = 0;
    for (let b = 0; b < batches; b++) {
      const n = this.#counts[b] as number;
      if (n > 0) {
        meanOfMeans += (this.#sums[b] as number) / n;
        used++;
      }
    }
    meanOfMeans /= used;
    for (let b = 0; b < batches; b++) {
      const n = this.#counts[b] as number;
      if (n > 0) squares += ((this.#sums[b] as number) / n - meanOfMeans) ** 2;
    }
    const ci95 =
      used > 1 ? studentT975(used - 1) * Math.sqrt(squares / (used - 1) / used) : Infinity;
    return { mean, ci95, count };
  }
}

/** Student t quantile at 0.975 (Cornish-Fisher expansion: 2.0930 at 19 df; 0.7% low at 3 df). */
export function studentT975(df: number): number {
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}
