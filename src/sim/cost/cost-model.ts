/**
 * Iteration-time (cost) models: how long one engine step takes, from the batch composition.
 * Every model (kernel-grounded default, BLIS blackbox linear, roofline, a linear-step JSON profile)
 * implements `CostModel`; the simulator charges `stepSeconds(batch)` per step.
 */
export interface StepBatch {
  /** Requests computing prompt (or recompute) tokens this step. */
  readonly prefillSeqs: number;
  /** Σ t_i: prompt tokens computed this step (prefix-cache hits are never computed). */
  readonly prefillTokens: number;
  /** Σ t_i · (c_i + t_i / 2): attention work of the prefill chunks (c_i = context already in KV). */
  readonly prefillAttention: number;
  /** Requests decoding one token this step. */
  readonly decodeSeqs: number;
  /** Σ ctx_j: KV length read by the decodes. */
  readonly decodeContext: number;
}

export interface CostModel {
  /** e.g. `default:llama-3-8b/h100/tp1`. */
  readonly name: string;
  /** Seconds one step with this batch takes (> 0 for a non-empty batch). */
  stepSeconds(batch: StepBatch): number;
}

/** A cost model plus the memory facts the engine needs. */
export interface EngineProfile {
  readonly cost: CostModel;
  /** KV blocks of `blockSize` tokens that fit in GPU memory (per replica). */
  readonly kvBlocks: number;
  readonly blockSize: number;
  /** Seconds to move one KV block between GPU and host (swap), each direction. */
  readonly swapSecondsPerBlock: number;
  /** One line describing where the numbers come from. */
  readonly description: string;
}
