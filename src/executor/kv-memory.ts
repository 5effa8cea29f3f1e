/**
 * The executor core's view of KV memory: what the simulator implements with its paged block pool
 * and prefix cache (sim/kv), and the local engine with llama.cpp's sequences and a KV-cell budget
 * (engines/local). All calls are synchronous bookkeeping; an executor that must do real work for
 * them (llama.cpp erasing a sequence's stale cells) queues it and awaits it before running the step.
 *
 * Units: blocks of `blockSize` tokens. A request holds ceil(computed / blockSize) blocks while
 * running; blocks shared through the prefix cache count once.
 *
 * Fast path (optional): a memory may keep `r.kvRoom` (tokens its held KV fits: `grow` is not
 * called while computed + tokens <= kvRoom) and `r.commitAt` (`committed` is not called while
 * computed < commitAt) up to date; left at 0 every call is made.
 */

import type { PreemptMode } from '../core/step-plan.js';
import type { ExecRequest } from './exec-request.js';

/**
 * The KV memory an executor core drives: block counts, and admit / grow / free / preempt per
 * request.
 */
export interface KvMemory<R extends ExecRequest> {
  readonly blockSize: number;
  readonly totalBlocks: number;
  readonly freeBlocks: number;
  readonly usedBlocks: number;
  /** Swap preemption is modelled (the simulator) or refused at construction (the engine). */
  readonly swaps: boolean;
  /**
   * Admits a waiting/preempted (not swapped) request: takes its prefix-cache hit and sets
   * `computed` to the reused tokens (at least one token is always left to compute). Returns the
   * extra seconds the admission costs (the simulator's host-tier loads; usually 0), or -1 (nothing
   * changed) when it cannot be admitted now (the engine: no free sequence).
   */
  admit(r: R, now: number): number;
  /** Swaps a swapped-out request back in; the blocks moved, or -1 when they do not fit. */
  swapIn(r: R, now: number): number;
  /** Makes room for `tokens` more tokens after `r.computed`; false (nothing changed) when full. */
  grow(r: R, tokens: number, now: number): boolean;
  /** After `r.computed` advanced: full blocks enter the prefix cache. */
  committed(r: R): void;
  /** Frees `r`'s KV ('swap': to host, keeping progress); returns the blocks it held. */
  preempt(r: R, mode: PreemptMode, now: number): number;
  /** `r` finished or failed: frees its KV (a prefix cache may keep it as cached). */
  release(r: R, now: number): void;
}
