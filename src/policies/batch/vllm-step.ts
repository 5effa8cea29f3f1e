import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { scheduleRunning } from './schedule-running.js';
import { chunkFor, compareArrival } from './seq-tokens.js';
import { createStepBuilder } from './step-builder.js';

/**
 * The vLLM v1 `Scheduler.schedule()` loop, shared by `vllm-fcfs` and `vllm-priority`.
 *
 *   1. running requests, in order, each gets min(pending, long_prefill_token_threshold, budget);
 *      when KV allocation fails, preempt a victim (FCFS: the last running request; priority:
 *      max (priority, arrival)) and retry; if the victim is the request itself, stop.
 *   2. only if nothing was preempted this step: admit waiting requests in queue order while the
 *      budget lasts and fewer than max_num_seqs run; stop at the first that does not fit
 *      (no skipping, as vLLM).
 *
 * Running order is arrival order (vLLM appends on admission; under FCFS admission it is the same).
 * Preempted requests are re-queued at the front of the waiting queue (vLLM `prepend_request`).
 * Complexity: O(n) per step for FCFS when the executor keeps requests in arrival order
 * (`requestsInArrivalOrder`), O(n log n) otherwise and for priority.
 */
export interface VllmStepOptions {
  readonly preemptMode: PreemptMode;
  /** Waiting-queue order. */
  readonly compareWaiting: (a: SeqView, b: SeqView) => number;
  /** Picks the preemption victim among the running requests still in the running list. */
  readonly pickVictim: (running: readonly SeqView[]) => number;
}

export function planVllmStep(view: EngineView, options: VllmStepOptions): StepPlan {
  const running: SeqView[] = [];
  const preemptedQueue: SeqView[] = [];
  const waiting: SeqView[] = [];
  for (const seq of view.requests) {
    if (seq.state === 'running') running.push(seq);
    else if (seq.state === 'preempted') preemptedQueue.push(seq);
    else waiting.push(seq);
  }
  if (!view.requestsInArrivalOrder) running.sort(compareArrival);
  const sorted = options.compareWaiting !== compareArrival || !view.requestsInArrivalOrder;
  if (sorted) {
    preemptedQueue.sort(options.compareWaiting);
    waiting.sort(options.compareWaiting);
  }
  const builder = createStepBuilder(view);
  const cap = view.limits.chunkCap;
  scheduleRunning(builder, running, cap, options.preemptMode, options.pickVictim);

  if (!builder.preemptedAny) {
    let runningCount = running.length;
    const queue =
      options.compareWaiting === compareArrival
        ? [preemptedQueue, waiting]
        : [merge(preemptedQueue, waiting, options.compareWaiting)];
    outer: for (const list of queue) {
      for (const seq of list) {
        if (builder.budget <= 0 || runningCount >= view.limits.maxSeqs) break outer;
        const tokens = chunkFor(seq, cap, builder.budget);
        if (!builder.add(seq, tokens)) break outer;
        runningCount++;
      }
    }
  }
  return builder.build();
}

function merge(
  a: readonly SeqView[],
  b: readonly SeqView[],
  compare: (x: SeqView, y: SeqView) => number,
): SeqView[] {
  return [...a, ...b].sort(compare);
}
