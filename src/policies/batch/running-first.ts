/**
 * Running-first planning (vLLM v1's `schedule()` shape) with a pluggable admission order: the one
 * step loop shared by `predicted-cost`, `trail` and rank policies under running-first admission.
 *
 *   1. running requests, in `compareRunning` order, each get min(pending, chunk cap, budget) tokens
 *      (1 for a decode). When one's KV does not fit, preempt the LAST running request in that
 *      order (possibly already scheduled: its tokens are refunded) and retry; if the victim is the
 *      request itself, stop.
 *   2. only if nothing was preempted in 1: admit queued (waiting or preempted) requests in key
 *      order while the budget lasts; stop at the first that does not fit (no skipping: a skipped
 *      big request would starve), unless `maySkip` allows passing it.
 *      With `mayEvict` (Trail's limited preemption), a queued request blocked by memory or
 *      max_num_seqs may evict running requests, from the end of the running order, that
 *      `mayEvict(incoming, victim)` allows; victims are taken only if evicting them all makes room
 *      (a partial eviction would discard KV and admit nothing).
 *
 * Speed (issue 8; plans exact): a planner made by `createRunningFirst` (one per policy instance)
 * sorts the running requests starting from its last step's order (numbered-order.ts when the
 * policy gives the order as numbers and the requests come in arrival order: an insertion sort
 * over typed arrays, about one comparison per request; else running-order.ts); the queue's keys go
 * into typed arrays and a heap of indices is built in O(n), then O(log n) per admitted request
 * (keyed-queue.ts), or, when the executor promises `queuedFieldsStable` and the policy
 * `queueKeysStable`, the queue's order is kept between plans and only the few requests that
 * joined or left it are keyed (sorted-queue.ts; found from the view's `queuedLog` when it has
 * one, else by a walk of `queued`). Both orders are total (ties: arrival, then seq), so a plan is
 * exactly the one of a fresh planner (`planRunningFirst`; tested on replayed and random views).
 * The executor's partitions (`view.running`, `view.queued`) are used when given (no pass over
 * every request). Per step: O(n) keys (O(c log n) for c queue changes when kept, + O(n) pointer
 * comparisons without a log) + O(k log n) for k admitted + about O(r) comparisons for r running.
 */
import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { KeyedQueue } from './keyed-queue.js';
import { NumberedOrder, type RunningNumbers } from './numbered-order.js';
import { RunningOrder } from './running-order.js';
import { lastRunning, scheduleRunning } from './schedule-running.js';
import { blocksFreed, blocksNeeded, chunkFor } from './seq-tokens.js';
import { SortedQueue } from './sorted-queue.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

export interface RunningFirstOptions {
  readonly preemptMode: PreemptMode;
  /** Order of the running requests: budget goes first to the first; the last is the victim. */
  readonly compareRunning: (a: SeqView, b: SeqView) => number;
  /**
   * `compareRunning` as numbers (speed, optional): the tier, then the key (absent: the same for
   * every request), each compared with `<`, then arrival, then seq must order exactly as
   * `compareRunning` does. Each running request's numbers are then computed once per plan instead
   * of in every comparison (when `running` is in arrival order, as the executor's is); without a
   * key, the running requests (arrival order) are partitioned by tier (no sort).
   */
  readonly runningTierOf?: (seq: SeqView) => number;
  readonly runningKeyOf?: (seq: SeqView) => number;
  /**
   * `runningTierOf` and `runningKeyOf` of every running request in one call (speed, optional; with
   * `runningKeyOf`): a loop in the policy's own code (numbered-order.ts). Exactly their numbers.
   */
  readonly runningNumbers?: RunningNumbers;
  /**
   * Admission key of a queued request (computed once per plan, never NaN); lower is admitted
   * first. Order: `tierOf` when given (a rank's tier comes before its key), then this key, then
   * the earlier arrival, then the lower admission sequence.
   */
  readonly keyOf: (seq: SeqView, view: EngineView) => number;
  /** Tier of a queued request, compared before the key (rank policies); absent = 0 for all. */
  readonly tierOf?: (seq: SeqView, view: EngineView) => number;
  /**
   * `keyOf` and `tierOf` read only the request's own SeqView fields (not `now`, not the view, not
   * other requests). With it, when the executor promises `queuedFieldsStable`, a queued request is keyed
   * once while it stays queued (sorted-queue.ts) instead of at every plan.
   */
  readonly queueKeysStable?: boolean;
  /**
   * Whether admission may pass over `seq` when its KV does not fit and try the next request
   * (default never). Budget and max_num_seqs still stop admission.
   */
  readonly maySkip?: (seq: SeqView, view: EngineView) => boolean;
  /** Whether the queued `incoming` may evict the running `victim` to be admitted (default never). */
  readonly mayEvict?: (incoming: SeqView, victim: SeqView, view: EngineView) => boolean;
  /**
   * Token budget of the step (0 or absent = the engine's max_num_batched_tokens), never below the
   * number of running requests (every running decode keeps its token) nor above the engine's.
   */
  readonly stepTokens?: number;
}

/**
 * A running-first planner (see the module doc): create one per policy instance and call `plan`
 * every step; it keeps the last step's running order to sort from.
 */
export interface RunningFirstPlanner {
  plan(view: EngineView): StepPlan;
}

export function createRunningFirst(options: RunningFirstOptions): RunningFirstPlanner {
  return new RunningFirst(options);
}

/** One plan with nothing carried over (the reference the planner's incremental order must equal). */
export function planRunningFirst(view: EngineView, options: RunningFirstOptions): StepPlan {
  return new RunningFirst(options).plan(view);
}

/** The step's token budget: `stepTokens` (0 = none) within [running + 1, max_num_batched_tokens]. */
export function stepBudget(view: EngineView, running: number, stepTokens = 0): number {
  const max = view.limits.maxBatchedTokens;
  return stepTokens > 0 ? Math.min(max, Math.max(stepTokens, running + 1)) : max;
}

/** Phase 2: admits one queued request at a time, evicting for it when `mayEvict` allows. */
class Admission {
  blockedByMemory = false;
  readonly #view: EngineView;
  readonly #builder: StepBuilder;
  readonly #options: RunningFirstOptions;

  /** The running requests still scheduled (built at the first eviction, see #stillRunning). */
  #running: SeqView[] | undefined;
  readonly #given: readonly SeqView[];
  /** Requests scheduled before admission (the head of `#given`). */
  readonly #scheduled: number;

  constructor(
    view: EngineView,
    builder: StepBuilder,
    running: readonly SeqView[],
    options: RunningFirstOptions,
  ) {
    this.#view = view;
    this.#builder = builder;
    this.#given = running;
    this.#scheduled = builder.count;
    this.#options = options;
  }

  /**
   * Running requests still in the batch, in running order (victims come off the end). Built at the
   * first eviction: until then admission only adds queued requests, so the set is the one at
   * construction: the first `#scheduled` of the running order (phase 1 schedules in order and
   * preempted nothing, or there would be no admission).
   */
  #stillRunning(): SeqView[] {
    if (this.#running === undefined) this.#running = this.#given.slice(0, this.#scheduled);
    return this.#running;
  }

  admit(seq: SeqView): boolean {
    const builder = this.#builder;
    const tokens = chunkFor(seq, this.#view.limits.chunkCap, builder.budget);
    this.blockedByMemory = false;
    if (builder.add(seq, tokens)) return true;
    const seatsShort = builder.count >= this.#view.limits.maxSeqs ? 1 : 0;
    const memoryShort = !builder.fitsMemory(seq, tokens);
    this.blockedByMemory = memoryShort;
    if (this.#options.mayEvict === undefined || (!seatsShort && !memoryShort)) return false;
    const victims = this.#victims(seq, tokens, seatsShort);
    if (victims === undefined) return false;
    for (const victim of victims) builder.preempt(victim, this.#options.preemptMode);
    const again = chunkFor(seq, this.#view.limits.chunkCap, builder.budget);
    return builder.add(seq, again);
  }

  /** Victims from the end of the running order that together make room for `seq`, or undefined. */
  #victims(seq: SeqView, tokens: number, seatsShort: number): SeqView[] | undefined {
    const view = this.#view;
    const reserve = view.limits.watermarkBlocks;
    let blocksShort =
      blocksNeeded(seq, tokens, view.limits.blockSize) + reserve - this.#builder.freeBlocks;
    let seats = seatsShort;
    const victims: SeqView[] = [];
    const running = this.#stillRunning();
    while ((blocksShort > 0 || seats > 0) && running.length > 0) {
      const victim = running[running.length - 1] as SeqView;
      if (!this.#options.mayEvict?.(seq, victim, view)) break;
      running.pop();
      victims.push(victim);
      blocksShort -= blocksFreed(victim);
      seats = 0;
    }
    if (blocksShort > 0 || seats > 0) {
      for (let i = victims.length - 1; i >= 0; i--) running.push(victims[i] as SeqView);
      return undefined;
    }
    return victims;
  }
}

class RunningFirst implements RunningFirstPlanner {
  readonly #options: RunningFirstOptions;
  readonly #order: RunningOrder;
  readonly #queue = new KeyedQueue();
  readonly #sorted = new SortedQueue();
  /** The running order by numbers (`runningTierOf` / `runningKeyOf`, arrival order given). */
  readonly #numbered = new NumberedOrder();
  /** `runningNumbers`, or a loop over `runningTierOf` / `runningKeyOf`. */
  readonly #numbers: RunningNumbers | undefined;

  constructor(options: RunningFirstOptions) {
    this.#options = options;
    this.#order = new RunningOrder(options.compareRunning);
    const { runningTierOf, runningKeyOf, runningNumbers } = options;
    this.#numbers =
      runningTierOf === undefined
        ? undefined
        : (runningNumbers ??
          ((running, tier, key) => {
            for (let n = 0; n < running.length; n++) {
              const seq = running[n] as SeqView;
              tier[n] = runningTierOf(seq);
              key[n] = runningKeyOf === undefined ? 0 : runningKeyOf(seq);
            }
          }));
  }

  plan(view: EngineView): StepPlan {
    const options = this.#options;
    let running = view.running;
    let queued = view.queued;
    if (running === undefined || queued === undefined) {
      const ownRunning: SeqView[] = [];
      const ownQueued: SeqView[] = [];
      for (const seq of view.requests) {
        if (seq.state === 'running') ownRunning.push(seq);
        else ownQueued.push(seq);
      }
      running = ownRunning;
      queued = ownQueued;
    }
    const ordered = this.#sortRunning(
      running,
      view.running !== undefined || view.requestsInArrivalOrder === true,
    );
    const builder = createStepBuilder(view, stepBudget(view, ordered.length, options.stepTokens));
    scheduleRunning(builder, ordered, view.limits.chunkCap, options.preemptMode, lastRunning);
    // the kept order follows every view (its promise is about consecutive views), used or not
    const sorted =
      options.queueKeysStable === true &&
      view.queued !== undefined &&
      view.queuedFieldsStable === true
        ? this.#updateSorted(queued, view)
        : undefined;
    if (sorted === undefined) this.#sorted.invalidate();

    if (builder.preemptedAny || queued.length === 0 || builder.budget <= 0) return builder.build();
    const admission = new Admission(view, builder, ordered, options);
    if (sorted !== undefined) {
      for (let k = 0; k < sorted.size; k++) {
        if (!this.#tryAdmit(sorted.at(k), admission, builder, view)) break;
      }
      return builder.build();
    }
    const queue = this.#queue;
    const { keyOf, tierOf } = options;
    queue.reset(queued.length);
    for (let i = 0; i < queued.length; i++) {
      const seq = queued[i] as SeqView;
      queue.set(i, seq, tierOf === undefined ? 0 : tierOf(seq, view), keyOf(seq, view));
    }
    queue.heapify();
    for (let seq = queue.next(); seq; seq = queue.next()) {
      if (!this.#tryAdmit(seq, admission, builder, view)) break;
    }
    return builder.build();
  }

  /** One admission attempt in key order; false = stop admitting. */
  #tryAdmit(seq: SeqView, admission: Admission, builder: StepBuilder, view: EngineView): boolean {
    if (builder.budget <= 0) return false;
    if (admission.admit(seq)) return true;
    return admission.blockedByMemory && this.#options.maySkip?.(seq, view) === true;
  }

  /** The kept queue order brought to this view (`queuedFieldsStable` and `queueKeysStable`). */
  #updateSorted(queued: readonly SeqView[], view: EngineView): SortedQueue {
    const { keyOf, tierOf } = this.#options;
    const { queuedLog, queuedLogJoined, queuedLogFrom, queuedLogTo } = view;
    this.#sorted.update(
      queued,
      tierOf === undefined ? undefined : (seq) => tierOf(seq, view),
      (seq) => keyOf(seq, view),
      queuedLog !== undefined &&
        queuedLogJoined !== undefined &&
        queuedLogFrom !== undefined &&
        queuedLogTo !== undefined
        ? { seqs: queuedLog, joined: queuedLogJoined, from: queuedLogFrom, to: queuedLogTo }
        : undefined,
    );
    return this.#sorted;
  }

  /**
   * The running requests in running order (numbers computed once each when possible);
   * `inArrivalOrder`: `running` is in arrival order (arrivalTime, then seq).
   */
  #sortRunning(running: readonly SeqView[], inArrivalOrder: boolean): SeqView[] {
    const { runningTierOf, runningKeyOf } = this.#options;
    const numbers = this.#numbers;
    if (runningTierOf === undefined || numbers === undefined || !inArrivalOrder) {
      return this.#order.sort(running);
    }
    if (runningKeyOf === undefined) {
      const byTier = this.#numbered.sortByTier(running, runningTierOf);
      if (byTier !== undefined) return byTier;
    }
    return this.#numbered.sortBy(running, numbers);
  }
}
