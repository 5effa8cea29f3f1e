/**
 * A StepPlan in its flat form (issue 8: the simulator's speed): parallel arrays of the scheduled
 * SeqView objects and their token counts, as a planner's ledger already holds them, with
 * `scheduled` (the {id, tokens} list every executor and observer can read) built only when someone
 * reads it. The executor core reads the arrays directly (step-plan.ts, `StepPlan.scheduledSeqs`).
 *
 *   scheduledSeqs:    [ a | undefined | c | ... ]   (undefined: an entry the planner dropped)
 *   scheduledTokens:  [ 1 | 0         | 512 | ... ]  -> scheduled = [{a.id, 1}, {c.id, 512}, ...]
 *
 * The arrays are kept, not copied: the planner must not change them after returning the plan.
 */
import type { RequestId } from './ids.js';
import type { PreemptMode, ScheduledSeq, SeqView, StepPlan } from './step-plan.js';

export class FlatStepPlan implements StepPlan {
  readonly scheduledSeqs: readonly (SeqView | undefined)[];
  readonly scheduledTokens: readonly number[];
  readonly preempt: readonly { readonly id: RequestId; readonly mode: PreemptMode }[];
  #scheduled: ScheduledSeq[] | undefined;

  constructor(
    seqs: readonly (SeqView | undefined)[],
    tokens: readonly number[],
    preempt: readonly { readonly id: RequestId; readonly mode: PreemptMode }[],
  ) {
    this.scheduledSeqs = seqs;
    this.scheduledTokens = tokens;
    this.preempt = preempt;
  }

  /** The entries as {id, tokens} (built on first read, then cached). */
  get scheduled(): readonly ScheduledSeq[] {
    if (this.#scheduled === undefined) {
      const out: ScheduledSeq[] = [];
      const seqs = this.scheduledSeqs;
      for (let i = 0; i < seqs.length; i++) {
        const seq = seqs[i];
        if (seq !== undefined) out.push({ id: seq.id, tokens: this.scheduledTokens[i] as number });
      }
      this.#scheduled = out;
    }
    return this.#scheduled;
  }
}
