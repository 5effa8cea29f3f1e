/**
 * Step 1 of vLLM v1's `Scheduler.schedule()`, shared by every running-first planner (`vllm-fcfs`,
 * `vllm-priority`, `predicted-cost`, `trail`, rank policies under running-first admission).
 *
 * Running requests, in the given order, each get min(pending, chunk cap, budget) tokens (1 for a
 * decode). When one's KV does not fit, `pickVictim` names a running request to preempt (possibly
 * one already scheduled this step: its tokens are refunded); it leaves `running` and the request
 * retries. If the victim is the request itself, or max_num_seqs is reached, the loop stops.
 * `running` is mutated: preempted requests are removed from it.
 */
import type { PreemptMode, SeqView } from '../../core/step-plan.js';
import { chunkFor } from './seq-tokens.js';
import type { StepBuilder } from './step-builder.js';

export function scheduleRunning(
  builder: StepBuilder,
  running: SeqView[],
  chunkCap: number,
  preemptMode: PreemptMode,
  pickVictim: (running: readonly SeqView[]) => number,
): void {
  let index = 0;
  while (index < running.length && builder.budget > 0) {
    // the common case (a running request added) in one loop; the rest one request at a time
    index = builder.addRunningFrom(running, index, chunkCap);
    if (index >= running.length || builder.budget <= 0) break;
    const seq = running[index] as SeqView;
    const tokens = chunkFor(seq, chunkCap, builder.budget);
    let scheduled = false;
    let stop = false;
    while (!scheduled && !stop) {
      const added = builder.addRunning(seq, tokens);
      switch (added) {
        case 'added':
          scheduled = true;
          break;
        case 'full': // max_num_seqs reached
          stop = true;
          break;
        case 'memory': {
          const victimIndex = pickVictim(running);
          const victim = running[victimIndex] as SeqView;
          running.splice(victimIndex, 1);
          builder.preempt(victim, preemptMode);
          if (victimIndex < index) index--;
          stop = victim === seq;
          break;
        }
        default: {
          const never: never = added;
          throw new Error(`scheduleRunning: unknown addRunning result ${String(never)}`);
        }
      }
    }
    if (!scheduled) break;
    index++;
  }
}

/** The victim of vLLM FCFS and of running-first planners: the last request in the running order. */
export const lastRunning = (running: readonly SeqView[]): number => running.length - 1;
