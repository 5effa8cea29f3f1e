/** What a LocalEngine is built from: the loaded model, the policy, the clock, and the limits. */

import type { LlamaModel } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import type { StepShape } from '../../core/step-plan.js';
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
  /** KV block size in tokens (the unit of EngineView.freeBlocks). Default 16. */
  readonly kvBlockTokens?: number;
  /**
   * KV-cell budget shared by the running requests, at most slots x contextPerSlot (the cells
   * llama.cpp allocates). Below that, requests compete for KV and the policy preempts for memory
   * on real compute. Default slots x contextPerSlot.
   */
  readonly kvTokens?: number;
  /**
   * Reuse of a free slot's resident prefix on admission: 'token' (any common prefix, as llama.cpp
   * allows), 'block' (whole KV blocks only, as the simulator's prefix cache), 'none'. Default 'token'.
   */
  readonly prefixReuse?: 'token' | 'block' | 'none';
  /** No background loop: the caller runs `step()` (a driver on a virtual clock). Default false. */
  readonly manual?: boolean;
  /**
   * Charge each step this many seconds on the clock (`clock.sleep`) instead of only measuring it:
   * with a VirtualClock the engine runs on a cost model's time (the executor parity test).
   */
  readonly stepSeconds?: (shape: StepShape) => number;
}
