/**
 * A batch policy decides, each engine step, which requests run and how many tokens each computes.
 *
 * How an executor (the engine simulator in `sim/`, the llama.cpp engine in `engines/`) uses it:
 *
 *   loop:
 *     view = EngineView { now, requests: every unfinished request as a SeqView, freeBlocks, limits }
 *     plan = policy.plan(view)                       // pure: no clock, RNG, I/O or mutation
 *     1. for p of plan.preempt (in order): free p's KV ('recompute': drop it, computed = 0, the
 *        request goes back to waiting; 'swap': copy KV to host, free GPU blocks, keep progress)
 *     2. for s of plan.scheduled (in order): allocate KV for s.tokens more tokens (a waiting request
 *        first takes its prefix-cache hit), then run the batch: s.tokens prompt (or recompute)
 *        tokens for a prefill chunk, 1 for a decode
 *     3. at the end of the step: advance computed tokens; a request whose computed tokens reach
 *        prompt + generated emits one output token; finished requests free their blocks
 *   A running request the plan neither schedules nor preempts keeps its KV and simply waits
 *   (PRESERVE in algorithms.md §0.3). Requests absent from `scheduled` are never touched.
 *
 * Contract: the plan only names requests in the view; each at most once; `tokens` >= 1 and at most
 * the request's pending tokens (see `pendingTokens`); the sum of tokens <= limits.maxBatchedTokens;
 * |scheduled| <= limits.maxSeqs; and the blocks the plan allocates fit `freeBlocks` plus what its
 * preemptions free (policies check this with `createStepBuilder`). An executor that cannot allocate a
 * scheduled request (a policy's estimate was off, e.g. on shared prefix blocks) skips it this step.
 */

import type { EngineView, PolicyNeed, PreemptMode, StepPlan } from '../../core/step-plan.js';

/** A batch policy: plans one engine step from the engine view; declares the fields it needs. */
export interface BatchPolicy {
  readonly name: string;
  /**
   * Optional SeqView fields the policy reads, and executor features it uses (`swap`). Every
   * executor checks them when it is constructed (`checkPolicyNeeds`): one error naming the policy,
   * the field and the executor, never a failure at the first step. rank-batch forwards its rank
   * policy's needs; `resolveBatchPolicy` adds `swap` when the preempt mode is swap.
   */
  readonly needs?: readonly PolicyNeed[];
  /**
   * SLO fields the policy schedules by but has its own default for (SLAI: a request without a TBT
   * target gets the reference's `time_between_tokens`). Not checked per request; a run in which no
   * request carries any of them is refused by the CLI (nothing to schedule by; slo-check.ts).
   */
  readonly schedulesBy?: readonly ('ttftSlo' | 'tbtSlo')[];
  /**
   * Promise that lets executors fast-forward decode-only stretches: when EVERY request in the
   * view is running and decoding, and they all fit budget, max_num_seqs and memory, the plan
   * schedules all of them with one token each and preempts none (true of every work-conserving
   * policy here; checked by batch-policies.test.ts).
   */
  readonly decodeStable?: boolean;
  plan(view: EngineView): StepPlan;
}

/** Options every batch policy accepts (each may ignore some). */
export interface BatchPolicyOptions {
  /** How to preempt on KV shortage; default 'recompute' (vLLM v1). */
  readonly preemptMode?: PreemptMode;
  /** Policy-specific token budget (Sarathi chunk size, SGLang chunked prefill size). */
  readonly chunkSize?: number;
  /** rank-batch: running decodes first, then strict rank order (see rank-batch.ts). */
  readonly decodesFirst?: boolean;
  /** rank-batch: 'running-first' (default) or §0.3's 'strict' rank order (see rank-batch.ts). */
  readonly rankOrder?: 'running-first' | 'strict';
  /** Numeric parameters of a wrapped rank policy (rank-batch). */
  readonly params?: Readonly<Record<string, number>>;
  /**
   * The executor only orders dispatches to engines (the gateway): it plans with unbounded tokens,
   * so per-step limits of an engine step (predicted-cost's and trail's `stepTokens`) do not apply.
   */
  readonly dispatchOnly?: boolean;
}

/** A registry entry: documentation and a factory. */
export interface BatchPolicyFactory {
  readonly name: string;
  /** One line: why choose it. */
  readonly summary: string;
  create(options: BatchPolicyOptions): BatchPolicy;
}
