/**
 * Stall-free batching's first step (Sarathi-Serve), shared by `sarathi` and `rad`: every running
 * decode gets its one token while the budget lasts, before any prefill work. When a decode's KV
 * does not fit, the last request in the running order is preempted (possibly one already scheduled:
 * its token is refunded) until it fits or is itself the victim. `running` is mutated: preempted
 * requests are removed from it.
 */
import type { PreemptMode, SeqView } from '../../core/step-plan.js';
import { isDecoding } from './seq-tokens.js';
import type { StepBuilder } from './step-builder.js';

export function scheduleDecodes(builder: StepBuilder, running: SeqView[], mode: PreemptMode): void {
  for (let i = 0; i < running.length; i++) {
    const seq = running[i] as SeqView;
    if (!isDecoding(seq) || builder.budget <= 0) continue;
    while (!builder.fitsMemory(seq, 1) && running.length > 0) {
      const victim = running.pop() as SeqView;
      builder.preempt(victim, mode);
      if (victim === seq) break;
    }
    if (!builder.isPreempted(seq)) builder.add(seq, 1);
  }
}
