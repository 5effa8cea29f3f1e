import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { createLazyOrder } from './lazy-order.js';
import { chunkFor } from './seq-tokens.js';
import { createStepBuilder } from './step-builder.js';

/**
 * Running-first planning (vLLM v1's `schedule()` shape) with a pluggable admission order: the one
 * step loop shared by `predicted-cost` and rank policies under running-first admission.
 *
 *   1. running requests, in `compareRunning` order, each get min(pending, chunk cap, budget) tokens
 *      (1 for a decode). When one's KV does not fit, preempt the LAST running request in that
 *      order (possibly already scheduled: its tokens are refunded) and retry; if the victim is the
 *      request itself, stop. Memory is the only reason to preempt.
 *   2. only if nothing was preempted this step: admit queued (waiting or preempted) requests in
 *      `compareQueued` order while the budget lasts and fewer than max_num_seqs run; stop at the
 *      first that does not fit (no skipping: a skipped big request would starve).
 *
 * The queue order is produced lazily (heapify, then O(log n) per admitted request), so a step
 * that admits k of n queued requests costs O(n + k log n) plus O(r log r) for the r running.
 */
export interface RunningFirstOptions {
  readonly preemptMode: PreemptMode;
  /** Order of the running requests: budget goes first to the first; the last is the victim. */
  readonly compareRunning: (a: SeqView, b: SeqView) => number;
  /**
   * Admission order of the queued requests. Called with items made by `keyOf` (one per queued
   * request per plan), so an expensive key is computed once.
   */
  readonly keyOf: (seq: SeqView, view: EngineView) => number;
  /**
   * Whether admission may pass over `seq` when its KV does not fit and try the next request
   * (default never: no skipping). Budget and max_num_seqs still stop admission.
   */
  readonly maySkip?: (seq: SeqView, view: EngineView) => boolean;
}

interface Keyed {
  readonly seq: SeqView;
  readonly key: number;
}

const compareKeyed = (a: Keyed, b: Keyed): number =>
  a.key - b.key || a.seq.arrivalTime - b.seq.arrivalTime || a.seq.seq - b.seq.seq;

export function planRunningFirst(view: EngineView, options: RunningFirstOptions): StepPlan {
  const running: SeqView[] = [];
  const queued: SeqView[] = [];
  for (const seq of view.requests) {
    if (seq.state === 'running') running.push(seq);
    else queued.push(seq);
  }
  running.sort(options.compareRunning);
  const builder = createStepBuilder(view);
  const cap = view.limits.chunkCap;

  let index = 0;
  while (index < running.length && builder.budget > 0) {
    const seq = running[index] as SeqView;
    const tokens = chunkFor(seq, cap, builder.budget);
    let scheduled = false;
    while (!scheduled) {
      if (builder.fitsMemory(seq, tokens)) {
        scheduled = builder.add(seq, tokens);
        if (!scheduled) break; // max_num_seqs reached
      } else {
        const victim = running.pop() as SeqView;
        builder.preempt(victim, options.preemptMode);
        if (victim === seq) break;
      }
    }
    if (!scheduled) break;
    index++;
  }

  if (builder.preemptedAny || queued.length === 0) return builder.build();
  if (builder.budget <= 0 || running.length >= view.limits.maxSeqs) return builder.build();
  const keyed: Keyed[] = queued.map((seq) => ({ seq, key: options.keyOf(seq, view) }));
  const order = createLazyOrder(keyed, compareKeyed);
  let runningCount = running.length;
  for (let item = order.next(); item; item = order.next()) {
    if (builder.budget <= 0 || runningCount >= view.limits.maxSeqs) break;
    const tokens = chunkFor(item.seq, cap, builder.budget);
    if (builder.add(item.seq, tokens)) runningCount++;
    else if (!options.maySkip?.(item.seq, view)) break;
  }
  return builder.build();
}
