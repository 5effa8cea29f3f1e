/**
 * The running requests sorted by numbers computed once per request per plan: (tier, key) compared
 * with `<`, then arrival, then admission sequence (a total order, so the result is the one any
 * sort gives). The running-first planners' running order when the policy gives it as numbers
 * (`runningTierOf` / `runningKeyOf`) and the running requests come in arrival order (the
 * executor's `view.running`; speed, issue 8; exact): a request's place in that list then stands
 * for its arrival and sequence in the comparison.
 *
 * Between two engine steps the running set changes by a few admissions and finishes, and keys
 * move together (every decode's remaining prediction falls by one), so the last step's order,
 * less the requests no longer running, is almost sorted: an insertion sort of positions in a
 * typed array (no comparator call, no SeqView read) finishes it in about one comparison per
 * request, and each newcomer is put in by binary search. Past a bound on the moves it sorts the rest with a
 * comparator, so a reshuffled order costs O(r log r) as before.
 *
 * Without a key (`sortByTier`: the order is tier, then arrival) and with the requests given in
 * arrival order (the executor's `view.running`), the order is a stable partition by tier: a copy
 * when every tier is equal (a non-preemptive rank: every running request is started), else a
 * counting sort over small tiers (decodes before prefill chunks).
 *
 * What is kept between plans (one instance per planner): a copy of the last `running` and the
 * last order as places in it. The two lists, both in arrival order, are walked together by object
 * identity to find where each request of the last order is now (its fields are read only where
 * the lists differ: a request that left or joined), so apart from the numbers no SeqView field is
 * read. The last order is only the insertion sort's starting point: every number compared is
 * this plan's.
 *
 * The numbers come from the policy in one call for all running requests (`RunningNumbers`: a loop
 * in the policy's own code, so its calls stay specific to the policy when several policies share
 * this code in one process).
 *
 * @example
 * const order = new NumberedOrder();
 * const sorted = order.sort(view.running, tierOf, keyOf);
 */
import type { SeqView } from '../../core/step-plan.js';

/**
 * Writes `tier[n]` and `key[n]` of `running[n]` for every n < running.length (the arrays may be
 * longer).
 */
export type RunningNumbers = (
  running: readonly SeqView[],
  tier: Float64Array,
  key: Float64Array,
) => void;

/** Newcomers to the running order past which `sortBy` sorts with a comparator. */
const manyNewcomers = 64;

/** Tiers below this (non-negative integers) are placed by counting (`sortByTier`). */
const countedTiers = 8;

export class NumberedOrder {
  /** A copy of the last plan's `running` (arrival order). */
  #last: readonly SeqView[] = [];
  /** The last plan's order as positions in `#last` (`#lastLength` of them). */
  #lastAt = new Int32Array(0);
  #lastLength = 0;
  /** Where each entry of `#last` is in this plan's `running` (-1: no longer running). */
  #moved = new Int32Array(0);
  // per position in this plan's `running`
  #tierAt = new Float64Array(0);
  #keyAt = new Float64Array(0);
  /** `#plan` once the position is in the order being built. */
  #placed = new Float64Array(0);
  /** The order being sorted (positions). */
  #at = new Int32Array(0);
  #plan = 0;
  // sortByTier
  #tiers = new Float64Array(0);
  readonly #counts = new Int32Array(countedTiers + 1);

  /** `sortBy` with the numbers of one request at a time. */
  sort(
    running: readonly SeqView[],
    tierOf: (seq: SeqView) => number,
    keyOf: (seq: SeqView) => number,
  ): SeqView[] {
    const numbers: RunningNumbers = (given, tier, key) => {
      for (let n = 0; n < given.length; n++) {
        tier[n] = tierOf(given[n] as SeqView);
        key[n] = keyOf(given[n] as SeqView);
      }
    };
    return this.sortBy(running, numbers);
  }

  /**
   * `running`, given in arrival order (arrivalTime, then seq; not modified), sorted. The returned
   * array is the caller's to mutate.
   */
  sortBy(running: readonly SeqView[], numbers: RunningNumbers): SeqView[] {
    const r = running.length;
    this.#reserve(Math.max(r, this.#lastLength));
    numbers(running, this.#tierAt, this.#keyAt);
    // where the last plan's requests are now: both lists in arrival order, walked together by
    // identity (a request's fields are read only where the lists differ)
    const last = this.#last;
    const moved = this.#moved;
    const end = last.length;
    let i = 0;
    let j = 0;
    while (i < end && j < r) {
      const before = last[i] as SeqView;
      const now = running[j] as SeqView;
      if (before === now) {
        moved[i++] = j++;
      } else if (
        before.arrivalTime < now.arrivalTime ||
        (before.arrivalTime === now.arrivalTime && before.seq <= now.seq)
      ) {
        moved[i++] = -1; // no longer running
      } else {
        j++; // a newcomer
      }
    }
    while (i < end) moved[i++] = -1;
    // the last order (those still running), then the newcomers in the order given
    this.#plan++;
    const plan = this.#plan;
    const placed = this.#placed;
    const at = this.#at;
    const lastAt = this.#lastAt;
    let m = 0;
    for (let k = 0; k < this.#lastLength; k++) {
      const n = moved[lastAt[k] as number] as number;
      if (n >= 0) {
        placed[n] = plan;
        at[m++] = n;
      }
    }
    const kept = m;
    for (let n = 0; m < r && n < r; n++) if (placed[n] !== plan) at[m++] = n;
    this.#insertionSort(kept, r);
    const order = running.slice();
    for (let k = 0; k < r; k++) {
      const n = at[k] as number;
      order[k] = running[n] as SeqView;
      lastAt[k] = n;
    }
    this.#last = running.slice();
    this.#lastLength = r;
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

  /**
   * Sorts `#at[0, m)` by (tier, key, position; the position stands for arrival, then sequence):
   * the first `kept` (the last order, almost sorted) by a bounded insertion sort, then each
   * newcomer put in by binary search; past `budget` moves, or with many newcomers, a comparator
   * sort (the order is total: every way gives the same result).
   */
  #insertionSort(kept: number, m: number): void {
    const at = this.#at;
    const tier = this.#tierAt;
    const key = this.#keyAt;
    const before = (a: number, b: number): boolean => {
      const ta = tier[a] as number;
      const tb = tier[b] as number;
      if (ta !== tb) return ta < tb;
      const ka = key[a] as number;
      const kb = key[b] as number;
      return ka !== kb ? ka < kb : a < b;
    };
    const sortAll = (): void => {
      at.subarray(0, m).sort((a, b) => (before(a, b) ? -1 : a === b ? 0 : 1));
    };
    if (m - kept > manyNewcomers) {
      sortAll();
      return;
    }
    let budget = 4 * kept + 64;
    for (let i = 1; i < kept; i++) {
      const n = at[i] as number;
      let j = i - 1;
      if (!before(n, at[j] as number)) continue;
      do {
        at[j + 1] = at[j] as number;
        j--;
        budget--;
      } while (j >= 0 && before(n, at[j] as number));
      at[j + 1] = n;
      if (budget < 0) {
        sortAll();
        return;
      }
    }
    for (let i = kept; i < m; i++) {
      const n = at[i] as number;
      // the first of at[0, i) that n goes before
      let lo = 0;
      let hi = i;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(n, at[mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      if (lo < i) {
        at.copyWithin(lo + 1, lo, i);
        at[lo] = n;
      }
    }
  }

  /** Room for `size` positions (a new table keeps the last order: its positions stay valid). */
  #reserve(size: number): void {
    if (this.#at.length >= size) return;
    const capacity = Math.max(size, 2 * this.#at.length, 64);
    const lastAt = new Int32Array(capacity);
    lastAt.set(this.#lastAt.subarray(0, this.#lastLength));
    this.#lastAt = lastAt;
    this.#moved = new Int32Array(capacity);
    this.#tierAt = new Float64Array(capacity);
    this.#keyAt = new Float64Array(capacity);
    this.#placed = new Float64Array(capacity);
    this.#at = new Int32Array(capacity);
  }
}
