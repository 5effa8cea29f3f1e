import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { createLazyOrder } from './lazy-order.js';
import { lastRunning, scheduleRunning } from './schedule-running.js';
import { blocksFreed, blocksNeeded, chunkFor } from './seq-tokens.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

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
 * The queue order is produced lazily (heapify, then O(log n) per admitted request), so a step
 * that admits k of n queued requests costs O(n + k log n) plus O(r log r) for the r running.
 */
export interface RunningFirstOptions<K> {
  readonly preemptMode: PreemptMode;
  /** Order of the running requests: budget goes first to the first; the last is the victim. */
  readonly compareRunning: (a: SeqView, b: SeqView) => number;
  /** Admission key of a queued request (computed once per plan); lower is admitted first. */
  readonly keyOf: (seq: SeqView, view: EngineView) => K;
  /** Compares keys; ties then go to the earlier arrival, then the lower admission sequence. */
  readonly compareKeys: (a: K, b: K) => number;
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

interface Keyed<K> {
  readonly seq: SeqView;
  readonly key: K;
}

/** Numeric keys, ascending. */
export const compareNumbers = (a: number, b: number): number => a - b;

export function planRunningFirst<K>(view: EngineView, options: RunningFirstOptions<K>): StepPlan {
  const running: SeqView[] = [];
  const queued: SeqView[] = [];
  for (const seq of view.requests) {
    if (seq.state === 'running') running.push(seq);
    else queued.push(seq);
  }
  running.sort(options.compareRunning);
  const builder = createStepBuilder(view, stepBudget(view, running.length, options.stepTokens));
  scheduleRunning(builder, running, view.limits.chunkCap, options.preemptMode, lastRunning);

  if (builder.preemptedAny || queued.length === 0 || builder.budget <= 0) return builder.build();
  const compare = (a: Keyed<K>, b: Keyed<K>): number =>
    options.compareKeys(a.key, b.key) ||
    a.seq.arrivalTime - b.seq.arrivalTime ||
    a.seq.seq - b.seq.seq;
  const keyed: Keyed<K>[] = queued.map((seq) => ({ seq, key: options.keyOf(seq, view) }));
  const order = createLazyOrder(keyed, compare);
  const admission = new Admission(view, builder, running, options);
  for (let item = order.next(); item; item = order.next()) {
    if (builder.budget <= 0) break;
    if (admission.admit(item.seq)) continue;
    if (admission.blockedByMemory && options.maySkip?.(item.seq, view)) continue;
    break;
  }
  return builder.build();
}

/** The step's token budget: `stepTokens` (0 = none) within [running + 1, max_num_batched_tokens]. */
export function stepBudget(view: EngineView, running: number, stepTokens = 0): number {
  const max = view.limits.maxBatchedTokens;
  return stepTokens > 0 ? Math.min(max, Math.max(stepTokens, running + 1)) : max;
}

/** Phase 2: admits one queued request at a time, evicting for it when `mayEvict` allows. */
class Admission<K> {
  blockedByMemory = false;
  readonly #view: EngineView;
  readonly #builder: StepBuilder;
  /** Running requests still in the batch, in running order (victims come off the end). */
  readonly #running: SeqView[];
  readonly #options: RunningFirstOptions<K>;

  constructor(
    view: EngineView,
    builder: StepBuilder,
    running: SeqView[],
    options: RunningFirstOptions<K>,
  ) {
    this.#view = view;
    this.#builder = builder;
    this.#running = running.filter((seq) => builder.isScheduled(seq));
    this.#options = options;
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
    while ((blocksShort > 0 || seats > 0) && this.#running.length > 0) {
      const victim = this.#running[this.#running.length - 1] as SeqView;
      if (!this.#options.mayEvict?.(seq, victim, view)) break;
      this.#running.pop();
      victims.push(victim);
      blocksShort -= blocksFreed(victim);
      seats = 0;
    }
    if (blocksShort > 0 || seats > 0) {
      for (let i = victims.length - 1; i >= 0; i--) this.#running.push(victims[i] as SeqView);
      return undefined;
    }
    return victims;
  }
}
