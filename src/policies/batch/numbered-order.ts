/**
 * The running requests sorted by numbers computed once per request per plan: (tier, key) compared
 * with `<`, then arrival, then admission sequence (a total order, so the result is the one any
 * sort gives). The running-first planners' running order when the policy gives it as numbers
 * (`runningTierOf` / `runningKeyOf`) and the executor gives `denseIndex` (speed, issue 8; exact).
 *
 * Between two engine steps the running set changes by a few admissions and finishes, and keys
 * move together (every decode's remaining prediction falls by one), so the last step's order,
 * less the requests no longer running, plus the newcomers at its end, is almost sorted: an
 * insertion sort of positions in a typed array (no comparator call, no SeqView read) finishes it
 * in about one comparison per request. Past a bound on the moves it sorts the rest with a
 * comparator, so a reshuffled order costs O(r log r) as before.
 *
 * Without a key (`sortByTier`: the order is tier, then arrival) and with the requests given in
 * arrival order (the executor's `view.running`), the order is a stable partition by tier: a copy
 * when every tier is equal (a non-preemptive rank: every running request is started), else a
 * counting sort over small tiers (decodes before prefill chunks).
 *
 * What is kept between plans (one instance per planner): the last order as dense indexes in a
 * typed array, nothing else. It is only the insertion sort's starting point: every number compared
 * is this plan's (a dense index that a later request took, indexes being reused after a request
 * ends, only starts at the earlier one's place). With `running` in arrival order (the executor's
 * `view.running`), a request's place in it is its arrival and sequence in the comparison: only
 * tier, key and the dense index are read from a request.
 *
 * The numbers come from the policy in one call for all running requests (`RunningNumbers`: a loop
 * in the policy's own code, so its calls stay specific to the policy when several policies share
 * this code in one process).
 *
 * @example
 * const order = new NumberedOrder();
 * const sorted = order.sort(view.running, view.denseLimit, tierOf, keyOf);
 */
import type { SeqView } from '../../core/step-plan.js';
import { admittedBefore } from './admitted-before.js';

/**
 * Writes `tier[n]` and `key[n]` of `running[n]` for every n < running.length (the arrays may be
 * longer).
 */
export type RunningNumbers = (
  running: readonly SeqView[],
  tier: Float64Array,
  key: Float64Array,
) => void;

/** Tiers below this (non-negative integers) are placed by counting (`sortByTier`). */
const countedTiers = 8;

export class NumberedOrder {
  // per dense index
  /** `inView` = running in this plan, `inView + 1` = placed from the last order. */
  #stamp = new Float64Array(0);
  /** Where the request at a dense index is in the `running` given. */
  #position = new Int32Array(0);
  // per position in the `running` given
  #tierAt = new Float64Array(0);
  #keyAt = new Float64Array(0);
  /** Arrival and sequence, or the position itself when `running` is in arrival order. */
  #arrivalAt = new Float64Array(0);
  #seqAt = new Float64Array(0);
  #denseAt = new Int32Array(0);
  // per place in the order
  /** The order being sorted (positions). */
  #at = new Int32Array(0);
  /** The last plan's order (dense indexes; `#lastLength` of them). */
  #lastAt = new Int32Array(0);
  #lastLength = 0;
  #plan = 0;
  // sortByTier
  #tiers = new Float64Array(0);
  readonly #counts = new Int32Array(countedTiers + 1);

  /** `sortBy` with the numbers of one request at a time. */
  sort(
    running: readonly SeqView[],
    limit: number,
    tierOf: (seq: SeqView) => number,
    keyOf: (seq: SeqView) => number,
    inArrivalOrder = false,
  ): SeqView[] | undefined {
    const numbers: RunningNumbers = (given, tier, key) => {
      for (let n = 0; n < given.length; n++) {
        tier[n] = tierOf(given[n] as SeqView);
        key[n] = keyOf(given[n] as SeqView);
      }
    };
    return this.sortBy(running, limit, numbers, inArrivalOrder);
  }

  /**
   * `running` (not modified; dense indexes below `limit`) sorted, or undefined when a request has
   * no `denseIndex`. `inArrivalOrder`: `running` is in arrival order (arrivalTime, then seq), so a
   * request's place in it stands for its arrival and sequence (not read). The returned array is
   * the caller's to mutate.
   */
  sortBy(
    running: readonly SeqView[],
    limit: number,
    numbers: RunningNumbers,
    inArrivalOrder: boolean,
  ): SeqView[] | undefined {
    const r = running.length;
    this.#reserve(Math.max(limit, r));
    numbers(running, this.#tierAt, this.#keyAt);
    const stamp = this.#stamp;
    const position = this.#position;
    const arrivalAt = this.#arrivalAt;
    const seqAt = this.#seqAt;
    const denseAt = this.#denseAt;
    this.#plan += 2;
    const inView = this.#plan;
    for (let n = 0; n < r; n++) {
      const seq = running[n] as SeqView;
      const d = seq.denseIndex;
      if (d === undefined) return undefined;
      stamp[d] = inView;
      position[d] = n;
      denseAt[n] = d;
      if (inArrivalOrder) {
        arrivalAt[n] = n;
        seqAt[n] = n;
      } else {
        arrivalAt[n] = seq.arrivalTime;
        seqAt[n] = seq.seq;
      }
    }
    // the last order (those still running: a dense index a later request took keeps its place,
    // a hint like any other), then the newcomers in the order given
    const at = this.#at;
    const lastAt = this.#lastAt;
    let m = 0;
    for (let k = 0; k < this.#lastLength; k++) {
      const d = lastAt[k] as number;
      if (stamp[d] === inView) {
        stamp[d] = inView + 1;
        at[m++] = position[d] as number;
      }
    }
    for (let n = 0; m < r && n < r; n++) {
      if (stamp[denseAt[n] as number] === inView) at[m++] = n;
    }
    this.#insertionSort(m);
    const order = running.slice();
    for (let k = 0; k < m; k++) {
      const n = at[k] as number;
      order[k] = running[n] as SeqView;
      lastAt[k] = denseAt[n] as number;
    }
    this.#lastLength = m;
    return order;
  }

  /**
   * `running`, given in arrival order (arrivalTime, then seq), sorted by tier, then arrival (a
   * stable partition by tier); undefined when a tier is not an integer in [0, 8) and they are not
   * all equal (then `sort` with a constant key gives the order). The returned array is the
   * caller's to mutate. Keeps nothing between plans.
   */
  sortByTier(running: readonly SeqView[], tierOf: (seq: SeqView) => number): SeqView[] | undefined {
    const r = running.length;
    if (this.#tiers.length < r) {
      this.#tiers = new Float64Array(Math.max(r, 2 * this.#tiers.length, 64));
    }
    const tiers = this.#tiers;
    const counts = this.#counts;
    counts.fill(0);
    let first = 0;
    let mixed = false;
    let counted = true;
    for (let n = 0; n < r; n++) {
      const t = tierOf(running[n] as SeqView);
      tiers[n] = t;
      if (n === 0) first = t;
      else if (t !== first) mixed = true;
      if (t >= 0 && t < countedTiers && t === Math.floor(t)) {
        counts[t + 1] = (counts[t + 1] as number) + 1;
      } else counted = false;
    }
    if (!mixed) return running.slice();
    if (!counted) return undefined;
    const order = running.slice();
    for (let t = 1; t <= countedTiers; t++) {
      counts[t] = (counts[t] as number) + (counts[t - 1] as number);
    }
    for (let n = 0; n < r; n++) {
      const t = tiers[n] as number;
      order[counts[t] as number] = running[n] as SeqView;
      counts[t] = (counts[t] as number) + 1;
    }
    return order;
  }

  /** Sorts `#at[0, m)`: insertion sort, bounded; past `budget` moves, a comparator sort. */
  #insertionSort(m: number): void {
    const at = this.#at;
    const tier = this.#tierAt;
    const key = this.#keyAt;
    const arrival = this.#arrivalAt;
    const seqNo = this.#seqAt;
    let budget = 4 * m + 64;
    for (let i = 1; i < m; i++) {
      const n = at[i] as number;
      let j = i - 1;
      if (!admittedBefore(tier, key, arrival, seqNo, n, at[j] as number)) continue;
      do {
        at[j + 1] = at[j] as number;
        j--;
        budget--;
      } while (j >= 0 && admittedBefore(tier, key, arrival, seqNo, n, at[j] as number));
      at[j + 1] = n;
      if (budget < 0) {
        at.subarray(0, m).sort((a, b) =>
          admittedBefore(tier, key, arrival, seqNo, a, b) ? -1 : a === b ? 0 : 1,
        );
        return;
      }
    }
  }

  #reserve(size: number): void {
    if (this.#stamp.length >= size) return;
    // new tables: the last order starts over (a hint only)
    const capacity = Math.max(size, 2 * this.#stamp.length, 64);
    this.#stamp = new Float64Array(capacity);
    this.#position = new Int32Array(capacity);
    this.#tierAt = new Float64Array(capacity);
    this.#keyAt = new Float64Array(capacity);
    this.#arrivalAt = new Float64Array(capacity);
    this.#seqAt = new Float64Array(capacity);
    this.#denseAt = new Int32Array(capacity);
    this.#at = new Int32Array(capacity);
    this.#lastAt = new Int32Array(capacity);
    this.#lastLength = 0;
  }
}
