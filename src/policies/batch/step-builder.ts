import type {
  EngineView,
  PreemptMode,
  ScheduledSeq,
  SeqView,
  StepPlan,
} from '../../core/step-plan.js';
import { blocksFreed, blocksNeeded } from './seq-tokens.js';

/**
 * A scratch ledger that a batch policy fills during ONE `plan` call: it tracks the token budget,
 * the sequence count, and free KV blocks as the policy schedules and preempts, so a plan never asks
 * for more than the executor has. Local mutation only; the policy stays a pure function of the view.
 *
 *   free blocks:  [ view.freeBlocks ] - allocations + blocks freed by preemptions
 *   admission:    a request that holds no KV (waiting/preempted) must leave `watermarkBlocks` free
 */
export interface StepBuilder {
  readonly budget: number;
  readonly count: number;
  readonly freeBlocks: number;
  readonly preemptedAny: boolean;
  /** True when `seq` with `tokens` fits budget, maxSeqs and memory (watermark on admission). */
  fits(seq: SeqView, tokens: number): boolean;
  /** True when memory alone fits (ignoring budget and maxSeqs). */
  fitsMemory(seq: SeqView, tokens: number): boolean;
  /** Schedules `seq` for `tokens` tokens; returns false (and changes nothing) if it does not fit. */
  add(seq: SeqView, tokens: number): boolean;
  /** Preempts `seq`; if it was scheduled in this plan, unschedules it and refunds its budget. */
  preempt(seq: SeqView, mode: PreemptMode): void;
  isScheduled(seq: SeqView): boolean;
  isPreempted(seq: SeqView): boolean;
  build(): StepPlan;
}

export function createStepBuilder(view: EngineView, budgetOverride?: number): StepBuilder {
  return new StepLedger(view, budgetOverride ?? view.limits.maxBatchedTokens);
}

/**
 * The StepBuilder as a class (methods on the prototype: nothing but the ledger itself is allocated
 * per plan call). Scheduled entries are parallel arrays in plan order (a slot of an unscheduled
 * entry is cleared); membership is by object identity.
 */
class StepLedger implements StepBuilder {
  budget: number;
  count = 0;
  freeBlocks: number;
  readonly #blockSize: number;
  readonly #maxSeqs: number;
  readonly #watermark: number;
  readonly #seqs: (SeqView | undefined)[] = [];
  readonly #tokens: number[] = [];
  readonly #blocks: number[] = [];
  readonly #slot = new Map<SeqView, number>();
  readonly #preempted = new Map<SeqView, PreemptMode>();

  constructor(view: EngineView, budget: number) {
    this.budget = budget;
    this.freeBlocks = view.freeBlocks;
    this.#blockSize = view.limits.blockSize;
    this.#maxSeqs = view.limits.maxSeqs;
    this.#watermark = view.limits.watermarkBlocks;
  }

  get preemptedAny(): boolean {
    return this.#preempted.size > 0;
  }

  fitsMemory(seq: SeqView, tokens: number): boolean {
    const need = blocksNeeded(seq, tokens, this.#blockSize);
    const reserve = seq.state === 'running' ? 0 : this.#watermark;
    return need === 0 || this.freeBlocks - need >= reserve;
  }

  fits(seq: SeqView, tokens: number): boolean {
    return (
      tokens >= 1 &&
      tokens <= this.budget &&
      this.count < this.#maxSeqs &&
      this.fitsMemory(seq, tokens)
    );
  }

  add(seq: SeqView, tokens: number): boolean {
    if (
      this.#slot.has(seq) ||
      (this.#preempted.size > 0 && this.#preempted.has(seq)) ||
      !this.fits(seq, tokens)
    )
      return false;
    const need = blocksNeeded(seq, tokens, this.#blockSize);
    this.freeBlocks -= need;
    this.budget -= tokens;
    this.#slot.set(seq, this.#seqs.length);
    this.#seqs.push(seq);
    this.#tokens.push(tokens);
    this.#blocks.push(need);
    this.count++;
    return true;
  }

  preempt(seq: SeqView, mode: PreemptMode): void {
    if (this.#preempted.has(seq)) return;
    const at = this.#slot.get(seq);
    if (at !== undefined) {
      this.#slot.delete(seq);
      this.#seqs[at] = undefined;
      this.count--;
      this.budget += this.#tokens[at] as number;
      this.freeBlocks += this.#blocks[at] as number;
    }
    this.freeBlocks += blocksFreed(seq);
    this.#preempted.set(seq, mode);
  }

  isScheduled(seq: SeqView): boolean {
    return this.#slot.has(seq);
  }

  isPreempted(seq: SeqView): boolean {
    return this.#preempted.has(seq);
  }

  build(): StepPlan {
    const scheduled: ScheduledSeq[] = [];
    const seqs = this.#seqs;
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i];
      if (seq !== undefined) scheduled.push({ id: seq.id, tokens: this.#tokens[i] as number });
    }
    const preempt: { id: SeqView['id']; mode: PreemptMode }[] = [];
    this.#preempted.forEach((mode, seq) => {
      preempt.push({ id: seq.id, mode });
    });
    return { scheduled, preempt };
  }
}
