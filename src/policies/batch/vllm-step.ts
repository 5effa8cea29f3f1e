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

import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import type { BatchPolicy, BatchPolicyOptions } from './batch-policy.js';
import { lastRunning, scheduleRunning } from './schedule-running.js';
import { chunkFor, compareArrival } from './seq-tokens.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

/** What distinguishes one vLLM-step policy: preemption mode, waiting order and victim choice. */
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
 * A batch policy that is the vLLM step with its own waiting order (vllm-fcfs, vllm-priority, edf,
 * wspt): running first, waiting by `compareWaiting`, KV shortage preempts `pickVictim`'s choice
 * (default: the latest-arrived running request). Recompute preemption unless the options say swap.
 *
 * @example
 * const edf = { name: 'edf', summary: '...', create: (o) => vllmStepPolicy('edf', o, compareDeadline) };
 */
export function vllmStepPolicy(
  name: string,
  options: BatchPolicyOptions,
  compareWaiting: VllmStepOptions['compareWaiting'],
  pickVictim: VllmStepOptions['pickVictim'] = lastRunning,
): BatchPolicy {
  const planner = createVllmStep({
    preemptMode: options.preemptMode ?? 'recompute',
    compareWaiting,
    pickVictim,
  });
  return { name, decodeStable: true, plan: (view) => planner.plan(view) };
}

/**
 * Speed (issue 8; plans exact): with the executor's partitions (`view.running`, `view.queued`,
 * `view.preempted`, each in arrival order) nothing is partitioned or sorted under FCFS: the running
 * list is copied with one `slice` (victims are spliced out of it) and admission walks `view.queued` from its head,
 * usually stopping after a few requests, so a step touches the running requests and a handful of
 * queued ones instead of every request. Without them, the running and preempted lists are arrays
 * reused from step to step, and under FCFS with requests in arrival order admission walks
 * `view.requests` from the first waiting request.
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
    const byArrival = options.compareWaiting === compareArrival;
    let running = this.#running;
    const waiting = this.#waiting;
    let preemptedQueue: readonly SeqView[] = this.#preempted;
    /** Under FCFS: admission takes the 'waiting' requests of `queue` from index `from` on. */
    let queue: readonly SeqView[] = noRequests;
    let from = 0;
    let fcfs: boolean;
    if (view.running !== undefined && view.queued !== undefined && view.preempted !== undefined) {
      fcfs = byArrival;
      // a copy (victims are spliced out of it): one allocation, no push per request
      running = view.running.slice();
      if (fcfs) {
        preemptedQueue = view.preempted;
        queue = view.queued;
      } else this.#split(view.queued);
    } else {
      // view.requests only without the partitions (the executor may build it on read)
      queue = view.requests;
      fcfs = byArrival && view.requestsInArrivalOrder === true;
      from = fcfs ? this.#partition(queue) : this.#split(queue);
      if (!view.requestsInArrivalOrder) running.sort(compareArrival);
    }
    if (!fcfs) {
      this.#preempted.sort(options.compareWaiting);
      waiting.sort(options.compareWaiting);
    }
    const builder = createStepBuilder(view);
    const cap = view.limits.chunkCap;
    scheduleRunning(builder, running, cap, options.preemptMode, options.pickVictim);
    if (!builder.preemptedAny) {
      const admit = new Admit(builder, view, running.length);
      if (byArrival) {
        if (admit.all(preemptedQueue)) {
          if (fcfs) admit.waitingFrom(queue, from);
          else admit.all(waiting);
        }
      } else {
        admit.all(merge(preemptedQueue, waiting, options.compareWaiting));
      }
    }
    // drop the references (the arrays live on with the planner)
    this.#running.length = 0;
    this.#preempted.length = 0;
    waiting.length = 0;
    return builder.build();
  }

  /**
   * Running and preempted requests of `requests` into the scratch arrays; returns the index of
   * the first waiting request (admission walks from there).
   */
  #partition(requests: readonly SeqView[]): number {
    let first = requests.length;
    for (let i = 0; i < requests.length; i++) {
      const seq = requests[i] as SeqView;
      const state = seq.state;
      if (state === 'running') this.#running.push(seq);
      else if (state === 'preempted') this.#preempted.push(seq);
      else if (first === requests.length) first = i;
    }
    return first;
  }

  /** Every request of `requests` into its state's scratch array; returns 0. */
  #split(requests: readonly SeqView[]): number {
    for (let i = 0; i < requests.length; i++) {
      const seq = requests[i] as SeqView;
      const state = seq.state;
      if (state === 'running') this.#running.push(seq);
      else if (state === 'preempted') this.#preempted.push(seq);
      else this.#waiting.push(seq);
    }
    return 0;
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

const noRequests: readonly SeqView[] = [];

function merge(
  a: readonly SeqView[],
  b: readonly SeqView[],
  compare: (x: SeqView, y: SeqView) => number,
): SeqView[] {
  return [...a, ...b].sort(compare);
}
