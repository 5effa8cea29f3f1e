/**
 * The running requests sorted by numbers computed once per request per plan: (tier, key) compared
 * with `<`, then arrival, then admission sequence (a total order, so the result is the one any
 * sort gives). The running-first planners' running order when the policy gives it as numbers
 * (`runningTierOf` / `runningKeyOf`) and the executor gives `denseIndex` (speed, issue 8; exact).
 *
 * Between two engine steps the running set changes by a few admissions and finishes, and keys
 * move together (every decode's remaining prediction falls by one), so the last step's order,
 * less the requests no longer running, plus the newcomers at its end, is almost sorted: an
 * insertion sort over typed arrays (no comparator call, no SeqView read) finishes it in about one
 * comparison per request. Past a bound on the moves it hands the rest to `Array.prototype.sort`,
 * so a reshuffled order costs O(r log r) as before.
 *
 * What is kept between plans (one instance per planner): the last order, and per `denseIndex`
 * the request object seen there (dense indexes are reused after a request ends: identity decides).
 *
 * @example
 * const order = new NumberedOrder();
 * const sorted = order.sort(view.running, view.denseLimit, tierOf, keyOf);
 */
import type { SeqView } from '../../core/step-plan.js';

export class NumberedOrder {
  #tier = new Float64Array(0);
  #key = new Float64Array(0);
  #arrival = new Float64Array(0);
  #seq = new Float64Array(0);
  /** Stamp per dense index: `inView` = running in this plan, `inView + 1` = placed from the last order. */
  #stamp = new Float64Array(0);
  #owner: (SeqView | undefined)[] = [];
  /** Dense index per position of the order being sorted (moved with it). */
  #at = new Int32Array(0);
  #plan = 0;
  #last: SeqView[] = [];

  /**
   * `running` (any order, not modified; dense indexes below `limit`) sorted, or undefined when a
   * request has no `denseIndex`. The returned array is the caller's to mutate (it is only a
   * starting hint for the next plan).
   */
  sort(
    running: readonly SeqView[],
    limit: number,
    tierOf: (seq: SeqView) => number,
    keyOf: (seq: SeqView) => number,
  ): SeqView[] | undefined {
    this.#reserve(Math.max(limit, running.length));
    const tier = this.#tier;
    const key = this.#key;
    const arrival = this.#arrival;
    const seqNo = this.#seq;
    const stamp = this.#stamp;
    const owner = this.#owner;
    this.#plan += 2;
    const inView = this.#plan;
    for (let n = 0; n < running.length; n++) {
      const seq = running[n] as SeqView;
      const d = seq.denseIndex;
      if (d === undefined) return undefined;
      tier[d] = tierOf(seq);
      key[d] = keyOf(seq);
      arrival[d] = seq.arrivalTime;
      seqNo[d] = seq.seq;
      stamp[d] = inView;
      owner[d] = seq;
    }
    const order: SeqView[] = [];
    const last = this.#last;
    for (let n = 0; n < last.length; n++) {
      const seq = last[n] as SeqView;
      const d = seq.denseIndex;
      if (d !== undefined && d >= 0 && d < limit && stamp[d] === inView && owner[d] === seq) {
        stamp[d] = inView + 1;
        order.push(seq);
      }
    }
    for (let n = 0; n < running.length; n++) {
      const seq = running[n] as SeqView;
      if (stamp[seq.denseIndex as number] === inView) order.push(seq);
    }
    const at = this.#at;
    for (let n = 0; n < order.length; n++) at[n] = (order[n] as SeqView).denseIndex as number;
    // insertion sort, bounded: past `budget` moves the rest goes to Array.prototype.sort
    let budget = 4 * order.length + 64;
    for (let i = 1; i < order.length; i++) {
      const d = at[i] as number;
      let j = i - 1;
      if (!before(d, at[j] as number, tier, key, arrival, seqNo)) continue;
      const moving = order[i] as SeqView;
      do {
        at[j + 1] = at[j] as number;
        order[j + 1] = order[j] as SeqView;
        j--;
        budget--;
      } while (j >= 0 && before(d, at[j] as number, tier, key, arrival, seqNo));
      at[j + 1] = d;
      order[j + 1] = moving;
      if (budget < 0) {
        order.sort((a, b) => {
          const i = a.denseIndex as number;
          const j = b.denseIndex as number;
          return before(i, j, tier, key, arrival, seqNo) ? -1 : i === j ? 0 : 1;
        });
        break;
      }
    }
    this.#last = order;
    return order;
  }

  #reserve(size: number): void {
    if (this.#tier.length >= size) return;
    const capacity = Math.max(size, 2 * this.#tier.length, 64);
    this.#tier = new Float64Array(capacity);
    this.#key = new Float64Array(capacity);
    this.#arrival = new Float64Array(capacity);
    this.#seq = new Float64Array(capacity);
    this.#stamp = new Float64Array(capacity);
    this.#at = new Int32Array(capacity);
    this.#owner = new Array<SeqView | undefined>(capacity).fill(undefined);
  }
}

/** True when dense index `a` runs before `b` (tier, key, arrival, seq, each with `<`). */
function before(
  a: number,
  b: number,
  tier: Float64Array,
  key: Float64Array,
  arrival: Float64Array,
  seq: Float64Array,
): boolean {
  if (tier[a] !== tier[b]) return (tier[a] as number) < (tier[b] as number);
  if (key[a] !== key[b]) return (key[a] as number) < (key[b] as number);
  if (arrival[a] !== arrival[b]) return (arrival[a] as number) < (arrival[b] as number);
  return (seq[a] as number) < (seq[b] as number);
}
