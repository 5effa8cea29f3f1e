import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { scheduleRunning } from './schedule-running.js';
import { chunkFor, compareArrival } from './seq-tokens.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

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

/** A vLLM step planner: create one per policy instance (it reuses its scratch arrays). */
export interface VllmStepPlanner {
  plan(view: EngineView): StepPlan;
}

export function createVllmStep(options: VllmStepOptions): VllmStepPlanner {
  return new VllmStep(options);
}

/**
 * Speed (issue 8; plans exact): the running and preempted lists are arrays reused from step to
 * step, and under FCFS with requests in arrival order the waiting queue is not copied: admission
 * walks `view.requests` from the first waiting request (usually stopping after a few).
 */
class VllmStep implements VllmStepPlanner {
  readonly #options: VllmStepOptions;
  readonly #running: SeqView[] = [];
  readonly #preempted: SeqView[] = [];
  readonly #waiting: SeqView[] = [];

  constructor(options: VllmStepOptions) {
    this.#options = options;
  }

  plan(view: EngineView): StepPlan {
    const options = this.#options;
    const fcfs = options.compareWaiting === compareArrival && view.requestsInArrivalOrder === true;
    const running = this.#running;
    const preemptedQueue = this.#preempted;
    const waiting = this.#waiting;
    running.length = 0;
    preemptedQueue.length = 0;
    waiting.length = 0;
    const requests = view.requests;
    let firstWaiting = requests.length;
    for (let i = 0; i < requests.length; i++) {
      const seq = requests[i] as SeqView;
      const state = seq.state;
      if (state === 'running') running.push(seq);
      else if (state === 'preempted') preemptedQueue.push(seq);
      else if (!fcfs) waiting.push(seq);
      else if (firstWaiting === requests.length) firstWaiting = i;
    }
    if (!view.requestsInArrivalOrder) running.sort(compareArrival);
    if (!fcfs) {
      preemptedQueue.sort(options.compareWaiting);
      waiting.sort(options.compareWaiting);
    }
    const builder = createStepBuilder(view);
    const cap = view.limits.chunkCap;
    scheduleRunning(builder, running, cap, options.preemptMode, options.pickVictim);
    if (!builder.preemptedAny) {
      const admit = new Admit(builder, view, running.length);
      if (options.compareWaiting === compareArrival) {
        if (admit.all(preemptedQueue)) {
          if (fcfs) admit.waitingFrom(requests, firstWaiting);
          else admit.all(waiting);
        }
      } else {
        admit.all(merge(preemptedQueue, waiting, options.compareWaiting));
      }
    }
    // drop the references (the arrays live on with the planner)
    running.length = 0;
    preemptedQueue.length = 0;
    waiting.length = 0;
    return builder.build();
  }
}

/** Admission in queue order while the budget lasts and fewer than max_num_seqs run; no skipping. */
class Admit {
  readonly #builder: StepBuilder;
  readonly #cap: number;
  readonly #maxSeqs: number;
  #runningCount: number;

  constructor(builder: StepBuilder, view: EngineView, running: number) {
    this.#builder = builder;
    this.#cap = view.limits.chunkCap;
    this.#maxSeqs = view.limits.maxSeqs;
    this.#runningCount = running;
  }

  /** Admits `seq`; false when admission stops. */
  one(seq: SeqView): boolean {
    const builder = this.#builder;
    if (builder.budget <= 0 || this.#runningCount >= this.#maxSeqs) return false;
    if (!builder.add(seq, chunkFor(seq, this.#cap, builder.budget))) return false;
    this.#runningCount++;
    return true;
  }

  /** Admits the list in order; false when admission stopped. */
  all(list: readonly SeqView[]): boolean {
    for (let i = 0; i < list.length; i++) if (!this.one(list[i] as SeqView)) return false;
    return true;
  }

  /** Admits the waiting requests of `requests` (arrival order) from index `from`. */
  waitingFrom(requests: readonly SeqView[], from: number): void {
    for (let i = from; i < requests.length; i++) {
      const seq = requests[i] as SeqView;
      if (seq.state === 'waiting' && !this.one(seq)) return;
    }
  }
}

function merge(
  a: readonly SeqView[],
  b: readonly SeqView[],
  compare: (x: SeqView, y: SeqView) => number,
): SeqView[] {
  return [...a, ...b].sort(compare);
}
