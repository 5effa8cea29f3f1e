import type { LlamaModel } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import type { BatchPolicy } from '../../policies/batch/batch-policy.js';
import type { LengthPredictor } from '../../predictors/predictor.js';
import type { GgufFacts } from './llama-runtime.js';

/** What a LocalEngine is built from: the loaded model, the policy, the clock, and the limits. */
export interface LocalEngineOptions {
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
  readonly policy: BatchPolicy;
  readonly clock: Clock;
  /** Sequences in the context (max requests holding KV at once). Default 4. */
  readonly slots?: number;
  /** KV tokens per slot (prompt + output of one request). Default 1024. */
  readonly contextPerSlot?: number;
  /** Token budget per step (vLLM max_num_batched_tokens). Default 256. */
  readonly maxBatchedTokens?: number;
  /** Max prompt tokens per request per step, 0 = none (chunked prefill). Default 0. */
  readonly chunkCap?: number;
  /** llama.cpp threads. Default 1 (fastest on a shared 2-core machine). */
  readonly threads?: number;
  /** Never sample end-of-generation tokens (benchmarks: lengths obey max_tokens). */
  readonly ignoreEos?: boolean;
  /** Sampling temperature; 0 = greedy (deterministic). Default 0. */
  readonly temperature?: number;
  /** Show policies the true output length (`SeqView.size`): clairvoyant policies, oracle runs. */
  readonly oracle?: boolean;
  /**
   * Where output-length predictions come from: a LengthPredictor (the engine predicts each request
   * on submission, as the simulator does: `predictedSize`, `sizeDistribution`), or 'per-request'
   * (the caller sets `EngineRequest.predictedSize`; a request without it is refused). Absent: no
   * predictions, and a policy that needs one fails when the engine is created.
   */
  readonly predictor?: LengthPredictor | 'per-request';
}
