/**
 * Queue time by cause, in O(1) per step and per request: the executor charges each step's duration
 * to the cause that kept waiting requests waiting in that step (`stallCause`), on one running clock
 * per cause; a request snapshots the clocks when it arrives (`mark`) and, when first scheduled,
 * its split is the difference (`split`). What remains of its queue delay is `inFlight`: the part
 * of the step that was already running when it arrived.
 *
 *   clocks:   budget | memory | maxSeqs | policy     (seconds, running sums over steps)
 *   request:  mark at arrival ............ split at first scheduling = clocks - mark
 */

import {
  type EngineLimits,
  type QueueCause,
  queueCauses,
  type SeqView,
} from '../core/step-plan.js';
import type { QueueByCause } from '../metrics/request-record.js';
import { blocksNeeded, chunkFor } from '../policies/batch/seq-tokens.js';

/**
 * Queue time by cause, in O(1) per step and per request: the executor charges each step's duration
 * to the cause that kept waiting requests waiting in that step (`stallCause`), on one running
 * clock per cause; a request snapshots the clocks when it arrives (`mark`) and, when first
 * scheduled, its split is the difference (`split`).
 */
export class QueueClock {
  readonly #seconds = new Float64Array(queueCauses.length);
  /** The clocks' snapshot since the last charge (shared by the marks taken meanwhile). */
  #snapshot: Float64Array | undefined;

  /** Adds a step's duration to `cause`. */
  charge(cause: QueueCause, duration: number): void {
    const i = queueCauses.indexOf(cause);
    this.#seconds[i] = (this.#seconds[i] as number) + duration;
    this.#snapshot = undefined;
  }

  /**
   * A snapshot of the clocks (taken when a request enters the queue; read it, never change it).
   * Requests that enter between two charges share one (the gateway never charges: one in all).
   */
  mark(): Float64Array {
    this.#snapshot ??= new Float64Array(this.#seconds);
    return this.#snapshot;
  }

  /** The split of a queue delay of `total` seconds for a request marked at `mark`. */
  split(mark: Float64Array, total: number): QueueByCause {
    const s = this.#seconds;
    const budget = (s[0] as number) - (mark[0] as number);
    const memory = (s[1] as number) - (mark[1] as number);
    const maxSeqs = (s[2] as number) - (mark[2] as number);
    const policy = (s[3] as number) - (mark[3] as number);
    const inFlight = Math.max(0, total - budget - memory - maxSeqs - policy);
    return { budget, memory, maxSeqs, policy, inFlight };
  }
}

/**
 * Why a step left waiting requests waiting, judged after the plan was applied: the token budget
 * used up; else max_num_seqs reached (running or scheduled); else the next chunk of `head` (the
 * oldest waiting request) not fitting the free blocks less the watermark; else the policy's choice.
 */
export function stallCause(
  limits: EngineLimits,
  state: {
    readonly tokensUsed: number;
    readonly scheduled: number;
    readonly holding: number;
    readonly freeBlocks: number;
  },
  head: SeqView,
): QueueCause {
  const left = limits.maxBatchedTokens - state.tokensUsed;
  if (left <= 0) return 'budget';
  if (state.scheduled >= limits.maxSeqs || state.holding >= limits.maxSeqs) return 'maxSeqs';
  const tokens = chunkFor(head, limits.chunkCap, left);
  const need = blocksNeeded(head, tokens, limits.blockSize);
  if (need > 0 && state.freeBlocks - need < limits.watermarkBlocks) return 'memory';
  return 'policy';
}
