/**
 * The end times of an executor core's committed steps, by step index (0, 1, ...): a request's
 * token times are read from it (`ExecRequest.tokenTimes`) instead of each request writing a time
 * per token. A request that emits a token in every step of a run of consecutive steps records
 * only where the run starts (ExecRequest's token runs), so the per-token work is one field write.
 *
 *   ends:  [ t0 | t1 | t2 | ... | t(count-1) ]   (grown by doubling; 8 bytes a step)
 */
export class StepLog {
  ends = new Float64Array(1024);
  count = 0;

  /** Appends a step that ended at `end`; returns its index. */
  push(end: number): number {
    const step = this.count;
    if (step === this.ends.length) {
      const grown = new Float64Array(step * 2);
      grown.set(this.ends);
      this.ends = grown;
    }
    this.ends[step] = end;
    this.count = step + 1;
    return step;
  }
}
