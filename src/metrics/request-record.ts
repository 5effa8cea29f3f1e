/**
 * What an LLM executor records for each accepted request. Every request ends either completed
 * (`finishTime` set) or with an explicit `error` — never silently dropped. Times in seconds.
 */
export type RequestError =
  | { readonly kind: 'kv-capacity'; readonly message: string }
  | { readonly kind: 'stalled'; readonly message: string }
  /** The executor failed while serving it (e.g. a failed llama_decode of a real engine). */
  | { readonly kind: 'engine-failure'; readonly message: string }
  /** The client cancelled it before it finished. */
  | { readonly kind: 'cancelled'; readonly message: string };

/**
 * Seconds of a request's queue delay (arrival -> first scheduled) by what held it back, one entry per
 * `QueueCause` (core/step-plan.ts) plus `inFlight`: the part of the step already running when it
 * arrived. The entries sum to the queue delay.
 */
export interface QueueByCause {
  readonly budget: number;
  readonly memory: number;
  readonly maxSeqs: number;
  readonly policy: number;
  readonly inFlight: number;
}

export interface RequestRecord {
  readonly id: string;
  readonly replica: number;
  readonly arrivalTime: number;
  readonly promptTokens: number;
  /** Output tokens the request needed (the trace's). */
  readonly outputTokens: number;
  /** First time any of its tokens was scheduled (queue delay = this - arrival). */
  readonly firstScheduledTime?: number;
  /** The queue delay split by cause (LLM executors; absent when never scheduled). */
  readonly queueByCause?: QueueByCause;
  /** Time each output token was emitted (length = output tokens emitted). */
  readonly tokenTimes: readonly number[];
  readonly finishTime?: number;
  readonly preemptions: number;
  /** Prompt tokens served from the prefix cache at first admission. */
  readonly cachedPromptTokens: number;
  /** Predicted total output tokens (absent without a predictor). */
  readonly predictedOutputTokens?: number;
  /** Per-request SLO targets (override the run's). */
  readonly sloTtft?: number;
  readonly sloTbt?: number;
  readonly error?: RequestError;
}
