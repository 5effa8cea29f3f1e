/**
 * What an LLM executor records for each accepted request. Every request ends either completed
 * (`finishTime` set) or with an explicit `error` — never silently dropped. Times in seconds.
 */
export type RequestError =
  | { readonly kind: 'kv-capacity'; readonly message: string }
  | { readonly kind: 'stalled'; readonly message: string }
  /** The executor failed while serving it (e.g. a failed llama_decode of a real engine). */
  | { readonly kind: 'engine-failure'; readonly message: string }
  /**
   * The server refused it with an HTTP error status before serving it (`llmsched replay`: a 4xx,
   * e.g. a prompt over the context, or a 503 when its queue is full).
   */
  | { readonly kind: 'refused'; readonly message: string }
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
  /**
   * Time each output token was emitted (length = output tokens emitted). The engines keep it; the
   * simulator only with `keepTokenTimes` (`simulate --records-token-times`): it is 8 bytes a token.
   */
  readonly tokenTimes?: readonly number[];
  /** Time of the first output token (set by executors that drop `tokenTimes`). */
  readonly firstTokenTime?: number;
  /** Output tokens emitted (set by executors that drop `tokenTimes`). */
  readonly generatedTokens?: number;
  /** Its own token gaps: the largest, and their p99 (linear interpolation); 0 with < 2 tokens. */
  readonly tbtMax?: number;
  readonly tbtP99?: number;
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

/** First output token time: from `tokenTimes` when kept, else `firstTokenTime`. */
export function firstTokenTimeOf(record: RequestRecord): number | undefined {
  return record.tokenTimes !== undefined ? record.tokenTimes[0] : record.firstTokenTime;
}

/** Output tokens emitted: `tokenTimes.length` when kept, else `generatedTokens` (0 if absent). */
export function generatedTokensOf(record: RequestRecord): number {
  return record.tokenTimes !== undefined ? record.tokenTimes.length : (record.generatedTokens ?? 0);
}
