/**
 * One output-length predictor interface for every executor (engine simulator, real engine, gateway).
 * Predictors may learn (`observe`) and may be stateful; they are not policies. A predictor must never
 * throw into the scheduling path: on failure it falls back (see each implementation) and counts it.
 */
export interface PredictorInput {
  /** Stable id (used to derive per-request noise deterministically). */
  readonly id: string;
  readonly promptTokens: number;
  readonly prompt?: string;
  /** Number of chat messages in the request (1 for a plain prompt). */
  readonly messageCount?: number;
  /** System prompt text or prefix-group id. */
  readonly group?: string;
  readonly maxTokens?: number;
  readonly model?: string;
  readonly tenant?: string;
  /** True output length: only the oracle and noisy (simulation) predictors may read it. */
  readonly outputTokens?: number;
}

export interface LengthPrediction {
  /** Expected total output tokens. */
  readonly mean: number;
  /** Quantiles p10, p20, ..., p90 of total output tokens (9 values, non-decreasing). */
  readonly quantiles: readonly number[];
  /** Probability over log-spaced length buckets: `edges` has one more entry than `probs`. */
  readonly buckets?: { readonly edges: readonly number[]; readonly probs: readonly number[] };
  /** Cost of making this prediction, in seconds of engine time (0 when free). */
  readonly costSeconds: number;
}

export interface LengthPredictor {
  readonly name: string;
  predict(request: PredictorInput): LengthPrediction;
  /**
   * Optional cheap point prediction: exactly `predict(request).mean` (and counted as a
   * prediction), without building the quantiles and buckets, for callers that use only the mean
   * (the gateway, once per request).
   */
  predictMean?(request: PredictorInput): number;
  /**
   * Optional asynchronous step before `predict` (e.g. LLM self-prediction asks the serving model).
   * Callers that support it await `prepare(request)` once on arrival, then call the synchronous
   * `predict`. It never rejects: failures are counted and `predict` falls back.
   */
  prepare?(request: PredictorInput): Promise<void>;
  /** Online learning: the request finished with this many output tokens. */
  observe(request: PredictorInput, actualOutputTokens: number): void;
  /** Predicted remaining output tokens given `generated` so far (conditional, never negative). */
  remaining(request: PredictorInput, generated: number): number;
  /** Counters for metrics (predictions, fallbacks, ...). */
  stats(): Readonly<Record<string, number>>;
}
