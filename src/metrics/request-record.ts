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

export interface RequestRecord {
  readonly id: string;
  readonly replica: number;
  readonly arrivalTime: number;
  readonly promptTokens: number;
  /** Output tokens the request needed (the trace's). */
  readonly outputTokens: number;
  /** First time any of its tokens was scheduled (queue delay = this - arrival). */
  readonly firstScheduledTime?: number;
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
