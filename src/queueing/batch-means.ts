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
   * Adds `value` for job `id` (ignored outside [first, end)). Branch-free on purpose: a job
   * outside the range goes to a discard slot after the batches, so the JIT sees every operation
   * from the first (warm-up) job on and does not deoptimise the hot loop at the first measured job.
   * A closure over the sums, counts and range (see `adder`).
   */
  readonly add: (id: number, value: number) => void;
  readonly #batches: number;
  readonly #sums: Float64Array;
  readonly #counts: Float64Array;

  /** Measures ids in [first, end), in `batches` groups of consecutive ids. */
  constructor(batches: number, first: number, end: number) {
    this.#batches = batches;
    // One more slot than batches: the discard slot of `add`.
    this.#sums = new Float64Array(batches + 1);
    this.#counts = new Float64Array(batches + 1);
    this.add = adder(this.#sums, this.#counts, first, end, batches);
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

/**
 * `BatchMeans.add` over its arrays and range: a closure made once per BatchMeans, which V8 compiles
 * against its actual context while its function literal has made only one closure (a process's
 * first simulation): the arrays' addresses and the range are then constants in the machine code,
 * also where the event loops inline `add`.
 */
function adder(
  sums: Float64Array,
  counts: Float64Array,
  first: number,
  end: number,
  batches: number,
): (id: number, value: number) => void {
  // first, end, ids per batch, batches: plain doubles also where V8 does not specialise the
  // closure (a number in a closure slot may be a small integer or a boxed double, checked at reads).
  // 16 doubles, not 4: a typed array of more than 64 bytes lives outside the JS heap, so where V8
  // specialises the closure its address is a constant (a small one's may move with the GC and is
  // reloaded and bounds-checked at each read).
  const range = new Float64Array(16);
  range.set([first, end, (end - first) / batches, batches]);
  const add = (id: number, value: number): void => {
    const low = range[0] as number;
    const inside = +(id >= low) * +(id < (range[1] as number));
    const batch = Math.floor((id - low) / (range[2] as number));
    const index = batch * inside + (range[3] as number) * (1 - inside);
    sums[index] = (sums[index] as number) + value;
    counts[index] = (counts[index] as number) + 1;
  };
  return add;
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
