/**
 * What callers hand the local engine and what they get back. Prompts are token ids of the loaded
 * model (tokenize text with `LocalEngine.tokenize`); ids outside the vocabulary make llama.cpp fail
 * that request's evaluation (ENGINE_FAILURE), not the engine.
 */
import type { SchedulerError } from '../../core/errors.js';
import type { RequestId } from '../../core/ids.js';
import type { Seconds } from '../../core/units.js';
import type { QueueByCause } from '../../metrics/request-record.js';

export interface EngineRequest {
  readonly id: RequestId;
  readonly prompt: readonly number[];
  /** The prompt as text, when the caller has it: the engine's predictor reads it (learned, transfer). */
  readonly promptText?: string;
  /** Output tokens at most (max_tokens). */
  readonly maxTokens: number;
  /** True output length for clairvoyant policies and the oracle predictor (benchmarks, replay). */
  readonly size?: number;
  /** Predicted output length, for prediction-based policies (engine option predictor: 'per-request'). */
  readonly predictedSize?: number;
  /** Prefix block hashes of the prompt (cache-aware policies). */
  readonly prefixHashes?: readonly string[];
  readonly group?: string;
  readonly tenant?: string;
  readonly priority?: number;
  readonly ttftSlo?: Seconds;
  readonly tbtSlo?: Seconds;
  /** Per-request sampling seed (temperature > 0 only). */
  readonly seed?: number;
}

export interface TokenEvent {
  readonly id: RequestId;
  readonly token: number;
  /** Index of this output token (0 = first). */
  readonly index: number;
  readonly at: Seconds;
}

export type FinishReason = 'length' | 'stop' | 'context' | 'cancelled' | 'error';

/** Timeline of one request, in engine-clock seconds: the input of the metrics. */
export interface RequestRecord {
  readonly id: RequestId;
  readonly arrivalTime: Seconds;
  readonly promptTokens: number;
  readonly outputTokens: number;
  readonly firstScheduledAt?: Seconds;
  readonly firstTokenAt?: Seconds;
  readonly finishedAt: Seconds;
  /** Time of every output token. */
  readonly tokenTimes: readonly Seconds[];
  readonly preemptions: number;
  /** Prompt tokens served from resident KV (prefix reuse) at first admission. */
  readonly cachedTokens: number;
  readonly finishReason: FinishReason;
  /** Queue delay by cause (executor core). */
  readonly queueByCause?: QueueByCause;
  readonly ttftSlo?: Seconds;
  readonly tbtSlo?: Seconds;
}

export interface GenerationResult {
  readonly record: RequestRecord;
  readonly tokens: readonly number[];
  /** Present when finishReason is 'error' or 'cancelled'. */
  readonly error?: SchedulerError;
}
