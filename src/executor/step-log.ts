/**
 * The end times of an executor core's committed steps, by step index (0, 1, ...): a request's
 * token times are read from it (`ExecRequest.tokenTimes`) instead of each request writing a time
 * per token. A request that emits a token in every step of a run of consecutive steps records
 * only where the run starts (ExecRequest's token runs), so the per-token work is one field write.
 *
 *   ends:       [ t0 | t1 | t2 | ... | t(count-1) ]   (grown by doubling; 8 bytes a step)
 *   durations:  [ d0 | d1 | d2 | ... ]                  (service time: ExecRequest.chargeStep)
 */
export class StepLog {
  ends = new Float64Array(1024);
  /** Each step's duration (requests' service time is summed from it: ExecRequest.chargeStep). */
  durations = new Float64Array(1024);
  count = 0;

  /** Appends a step that lasted `duration` and ended at `end`; returns its index. */
  push(end: number, duration: number): number {
    const step = this.count;
    if (step === this.ends.length) {
      const grown = new Float64Array(step * 2);
      grown.set(this.ends);
      this.ends = grown;
      const durations = new Float64Array(step * 2);
      durations.set(this.durations);
      this.durations = durations;
    }
    this.ends[step] = end;
    this.durations[step] = duration;
    this.count = step + 1;
    return step;
  }
}
