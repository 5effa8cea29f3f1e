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
  const { blockSize, maxSeqs, watermarkBlocks } = view.limits;
  let budget = budgetOverride ?? view.limits.maxBatchedTokens;
  let freeBlocks = view.freeBlocks;
  const scheduled = new Map<SeqView, { tokens: number; blocks: number }>();
  const preempted = new Map<SeqView, PreemptMode>();

  const fitsMemory = (seq: SeqView, tokens: number): boolean => {
    const need = blocksNeeded(seq, tokens, blockSize);
    const reserve = seq.state === 'running' ? 0 : watermarkBlocks;
    return need === 0 || freeBlocks - need >= reserve;
  };
  const builder: StepBuilder = {
    get budget() {
      return budget;
    },
    get count() {
      return scheduled.size;
    },
    get freeBlocks() {
      return freeBlocks;
    },
    get preemptedAny() {
      return preempted.size > 0;
    },
    fitsMemory,
    fits: (seq, tokens) =>
      tokens >= 1 && tokens <= budget && scheduled.size < maxSeqs && fitsMemory(seq, tokens),
    add(seq, tokens) {
      if (scheduled.has(seq) || preempted.has(seq) || !builder.fits(seq, tokens)) return false;
      const need = blocksNeeded(seq, tokens, blockSize);
      freeBlocks -= need;
      budget -= tokens;
      scheduled.set(seq, { tokens, blocks: need });
      return true;
    },
    preempt(seq, mode) {
      if (preempted.has(seq)) return;
      const entry = scheduled.get(seq);
      if (entry) {
        scheduled.delete(seq);
        budget += entry.tokens;
        freeBlocks += entry.blocks;
      }
      freeBlocks += blocksFreed(seq);
      preempted.set(seq, mode);
    },
    isScheduled: (seq) => scheduled.has(seq),
    isPreempted: (seq) => preempted.has(seq),
    build() {
      const out: ScheduledSeq[] = [];
      for (const [seq, entry] of scheduled) out.push({ id: seq.id, tokens: entry.tokens });
      return {
        scheduled: out,
        preempt: [...preempted].map(([seq, mode]) => ({ id: seq.id, mode })),
      };
    },
  };
  return builder;
}
