/**
 * The running requests sorted by a planner's running comparison, starting from the LAST step's
 * order (speed, issue 8; exact). Between two engine steps the running set changes by a few
 * admissions and finishes, and most comparisons give the same answer, so the previous order (less
 * those no longer running, plus newcomers at its end) is almost sorted and V8's adaptive TimSort
 * sorts it in about one comparison per request instead of log2(r). The comparison is total (ties
 * end at the admission sequence), so the result is the one sort of the view would give.
 *
 * What is kept (one instance per policy instance): the last order, and a membership table of
 * 8,192 slots by `seq` holding the SeqView object and a stamp. A request is matched by object
 * identity; two running requests in one slot (or a view of new objects every step) only fall back
 * to sorting the given array.
 */

import type { SeqView } from '../../core/step-plan.js';

/**
 * The running requests sorted by a planner's running comparison, starting from the LAST step's
 * order (speed, issue 8; exact).
 */
export class RunningOrder {
  readonly #compare: (a: SeqView, b: SeqView) => number;
  readonly #owners: (SeqView | undefined)[] = new Array(slots);
  readonly #stamps = new Float64Array(slots);
  #stamp = 0;
  #last: SeqView[] = [];

  constructor(compare: (a: SeqView, b: SeqView) => number) {
    this.#compare = compare;
  }

  /**
   * `running` (any order; not modified) sorted; the returned array is the caller's to mutate.
   * `compare`, when given, must order exactly as the constructor's comparison (a faster form).
   */
  sort(running: readonly SeqView[], compare = this.#compare): SeqView[] {
    // stamps: `inView` = running in this view; `inView + 1` = also in the last order
    this.#stamp += 2;
    const inView = this.#stamp;
    const owners = this.#owners;
    const stamps = this.#stamps;
    let collided = false;
    for (const seq of running) {
      const slot = seq.seq & mask;
      if (stamps[slot] === inView && owners[slot] !== seq) collided = true;
      owners[slot] = seq;
      stamps[slot] = inView;
    }
    let order: SeqView[];
    if (collided) {
      order = running.slice();
    } else {
      order = [];
      for (const seq of this.#last) {
        const slot = seq.seq & mask;
        if (owners[slot] === seq && stamps[slot] === inView) {
          stamps[slot] = inView + 1;
          order.push(seq);
        }
      }
      for (const seq of running) if (stamps[seq.seq & mask] === inView) order.push(seq);
    }
    order.sort(compare);
    this.#last = order;
    return order.slice();
  }
}

const slots = 8192;
const mask = slots - 1;
