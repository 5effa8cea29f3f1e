/**
 * What a rank policy sees of a job: one shape for every executor.
 *
 * - M/G/1 lab: `age` is service received (time units), `size` the true service time.
 * - Engine simulator and real engine: `age` is output tokens generated, `size` the true output
 *   length (known to the simulator's oracle only), `predictedSize` a predictor's estimate.
 *
 * Fields a policy does not declare in `needs` may be absent. Policies never mutate a view.
 */
export interface JobView {
  /** Admission sequence number: the final, unique tie-break. */
  readonly seq: number;
  /** Arrival time in seconds (M/G/1: model time units). */
  readonly arrivalTime: number;
  /** Service received so far (M/G/1: work; LLM: output tokens generated). */
  readonly age: number;
  /** True size. Only clairvoyant policies (sjf, psjf, srpt, threshold-*) read it. */
  readonly size?: number;
  /** Predicted total size y. */
  readonly predictedSize?: number;
  /** A refined prediction of the remaining size, when the predictor gives one (Trail); else y - age. */
  readonly predictedRemaining?: number;
  /** Predicted distribution of the total size (Gittins). */
  readonly sizeDistribution?: SizeDistribution;
  /** Prompt tokens (LLM executors): FastServe's skip-join reads it. */
  readonly promptTokens?: number;
  /** Seconds of execution the job has received (LLM executors; M/G/1: equals age). MLFQ reads it. */
  readonly serviceSeconds?: number;
}

/**
 * A discrete distribution over total size: `values` ascending, `probs` summing to 1.
 * Spread a binned prediction over its bins' points before passing it here.
 */
export interface SizeDistribution {
  readonly values: readonly number[];
  readonly probs: readonly number[];
}

/** Which optional JobView fields a policy reads; executors check they can supply them. */
export type JobField =
  | 'size'
  | 'predictedSize'
  | 'predictedRemaining'
  | 'sizeDistribution'
  | 'promptTokens'
  | 'serviceSeconds';
