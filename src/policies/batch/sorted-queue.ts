/**
 * Queued requests in admission order, KEPT between plans (speed, issue 8; exact): the running-first
 * planners' queue when the executor promises `queuedFieldsStable` (a request in `queued` in two
 * consecutive views is the same object with the same fields, except the prefix-cache ones, which
 * stay 0 for a waiting request without `prefixHashes`) and the policy's keys read only the
 * request's own fields (`RunningFirstOptions.queueKeysStable`).
 *
 * Each plan, `update` finds what joined and left the queue: from the executor's log of them when
 * it gives one that follows the last (O(changes), the queue is not read), else by walking the new
 * `queued` (arrival order) against the last plan's copy by object identity (an unchanged entry
 * costs one pointer comparison, no SeqView read). A request that left is taken out of the order,
 * a newcomer is keyed and put in by binary search, and a request whose key may move (prefix
 * hashes, preempted; a list of them) is keyed again. The order is one
 * Int32Array of slots, sorted DESCENDING (the next to admit is last: admissions remove from the
 * end), over per-slot typed arrays (tier, key, arrival, seq) compared with `<`: the same total
 * order as KeyedQueue, so admission sees exactly the same sequence. Many changes at once (the
 * first plan, a burst) rebuild the order with one sort.
 * Per plan: O(c (log n + n/8)) for c changes (+ O(n) pointer comparisons without a log), against
 * O(n) SeqView reads and keys + O(n) heapify for KeyedQueue.
 *
 * @example
 * const queue = new SortedQueue();
 * queue.update(view.queued, (seq) => 0, (seq) => seq.promptTokens); // each plan
 * for (let k = 0; k < queue.size; k++) admit(queue.at(k));
 */
import type { SeqView } from '../../core/step-plan.js';
import { admittedBefore } from './admitted-before.js';

/**
 * What changed in a queue since the last `update`, in order: `seqs[k]` joined it when `joined[k]`
 * is truthy, else left it; `from` / `to`: the versions of the queue before and after (the
 * executor's `EngineView.queuedLogFrom` / `queuedLogTo`).
 */
export interface QueueLog {
  readonly seqs: readonly SeqView[];
  readonly joined: ArrayLike<number | boolean>;
  readonly from: number;
  readonly to: number;
}

export class SortedQueue {
  // per slot
  #items: (SeqView | undefined)[] = [];
  #tier = new Float64Array(0);
  #key = new Float64Array(0);
  #arrival = new Float64Array(0);
  #seq = new Float64Array(0);
  /** Position in `#volatiles` of a slot whose key may move (prefix hashes, preempted), else -1. */
  #volatileAt = new Int32Array(0);
  /** The `#plan` a slot was keyed in (a newcomer is not keyed again in its first plan). */
  #keyedIn = new Float64Array(0);
  /** Slots in use whose key may move: keyed again every plan. */
  readonly #volatiles: number[] = [];
  /** The slot of each request in the order (the log names requests, not slots). */
  readonly #slotOf = new Map<SeqView, number>();
  readonly #free: number[] = [];
  #slots = 0;
  #plan = 0;
  /** The `to` of the log that brought the order to the last queue (undefined: none). */
  #version: number | undefined;
  /** Slots in descending admission order (the next to admit at `size - 1`). */
  #order = new Int32Array(0);
  #size = 0;
  /** The last plan's queue and each entry's slot (updated in place; `#lastLength` entries). */
  readonly #last: (SeqView | undefined)[] = [];
  #lastSlot = new Int32Array(0);
  #lastLength = 0;
  /** The unread rest of `#last` when a newcomer must go before it (no gap to write into). */
  readonly #spare: (SeqView | undefined)[] = [];
  #spareSlot = new Int32Array(0);
  #valid = false;
  /** Whether `#last` holds the last queue (not after a plan that replayed a log). */
  #lastValid = false;
  /** Set when a removal did not find its slot (cannot happen with a consistent order): rebuild. */
  #broken = false;

  /** Requests in the order. */
  get size(): number {
    return this.#size;
  }

  /** The k-th request in admission order (0 = the first to admit), k < size. */
  at(k: number): SeqView {
    return this.#items[this.#order[this.#size - 1 - k] as number] as SeqView;
  }

  /** Forgets everything (the next `update` keys every request). */
  invalidate(): void {
    this.#valid = false;
  }

  /**
   * Brings the order to `queued` (this plan's queue, in arrival order); `tierOf` and `keyOf` are
   * called only for requests that are new to the queue or volatile. `log`: what changed in the
   * queue since the last `update` (replayed instead of walking the queue when its `from` is the
   * last log's `to`).
   */
  update(
    queued: readonly SeqView[],
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
    log?: QueueLog,
  ): void {
    const n = queued.length;
    this.#plan++;
    this.#reserve(n);
    const maxChanges = 16 + (n >> 3);
    let done = false;
    if (this.#valid && log !== undefined && log.from === this.#version) {
      done = this.#replay(log, tierOf, keyOf, maxChanges) && this.#size === n;
      // `#last` is not brought to this queue: a later walk rebuilds first
      this.#lastValid = false;
    } else if (this.#valid && this.#lastValid) {
      done = this.#merge(queued, tierOf, keyOf, maxChanges);
    }
    if (!done) this.#rebuild(queued, tierOf, keyOf);
    this.#version = log?.to;
    this.#valid = true;
  }

  /**
   * Replays `log` (joins and departures in order); false when it does not fit the order (a
   * departure of a request not in it, a join of one in it) or past `maxChanges`.
   */
  #replay(
    log: QueueLog,
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
    maxChanges: number,
  ): boolean {
    const seqs = log.seqs;
    const joined = log.joined;
    if (seqs.length > maxChanges) return false;
    for (let k = 0; k < seqs.length; k++) {
      const seq = seqs[k] as SeqView;
      const slot = this.#slotOf.get(seq);
      if (joined[k]) {
        if (slot !== undefined) return false;
        this.#insert(this.#fill(seq, tierOf, keyOf));
      } else {
        if (slot === undefined) return false;
        this.#release(slot);
      }
    }
    return this.#rekey(tierOf, keyOf, maxChanges - seqs.length);
  }

  /**
   * The incremental update; false when too much changed (the caller rebuilds). The last queue is
   * rewritten in place: an entry is written only once something before it left or joined (a plan
   * where only arrivals joined, at the end, writes just those); a newcomer that goes before
   * unread entries with no gap left by a departure moves the unread rest to a spare buffer first.
   */
  #merge(
    queued: readonly SeqView[],
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
    maxChanges: number,
  ): boolean {
    const n = queued.length;
    const last = this.#last;
    const lastSlot = this.#lastSlot;
    // read from `src[j, end)`, write to `last[w]` (w <= j while reading from `last` itself)
    let src = last;
    let srcSlot = lastSlot;
    let end = this.#lastLength;
    let changes = 0;
    // the unchanged head of the queue: nothing to write
    const same = Math.min(n, end);
    let i = 0;
    while (i < same && queued[i] === last[i]) i++;
    let j = i;
    let w = i;
    while (i < n) {
      const seq = queued[i] as SeqView;
      if (j < end && src[j] === seq) {
        const slot = srcSlot[j] as number;
        if (w !== j || src !== last) {
          last[w] = seq;
          lastSlot[w] = slot;
        }
        w++;
        i++;
        j++;
        continue;
      }
      if (++changes > maxChanges) return false;
      const gone = j < end ? (src[j] as SeqView) : undefined;
      if (
        gone !== undefined &&
        (gone.arrivalTime < seq.arrivalTime ||
          (gone.arrivalTime === seq.arrivalTime && gone.seq < seq.seq))
      ) {
        // queues are in arrival order: `gone` is not in this one
        this.#release(srcSlot[j] as number);
        j++;
        continue;
      }
      if (src === last && w === j && j < end) {
        // no gap to write the newcomer into: read the rest from the spare buffer
        const spare = this.#spare;
        for (let k = j; k < end; k++) spare[k - j] = last[k];
        this.#spareSlot.set(lastSlot.subarray(j, end));
        src = spare;
        srcSlot = this.#spareSlot;
        end -= j;
        j = 0;
      }
      const slot = this.#fill(seq, tierOf, keyOf);
      this.#insert(slot);
      last[w] = seq;
      lastSlot[w] = slot;
      w++;
      i++;
    }
    for (; j < end; j++) this.#release(srcSlot[j] as number);
    if (src !== last) (src as (SeqView | undefined)[]).fill(undefined, 0, end);
    // drop the references past the new end (the queue shrank)
    for (let k = n; k < this.#lastLength; k++) last[k] = undefined;
    this.#lastLength = n;
    return this.#rekey(tierOf, keyOf, maxChanges - changes);
  }

  /** Keys the volatile slots again (not those keyed in this plan); false past `maxChanges`. */
  #rekey(
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
    maxChanges: number,
  ): boolean {
    const volatiles = this.#volatiles;
    let changes = 0;
    for (let k = 0; k < volatiles.length; k++) {
      const slot = volatiles[k] as number;
      if (this.#keyedIn[slot] === this.#plan) continue;
      const seq = this.#items[slot] as SeqView;
      const tier = tierOf === undefined ? 0 : tierOf(seq);
      const key = keyOf(seq);
      if (tier === this.#tier[slot] && key === this.#key[slot]) continue;
      if (++changes > maxChanges) return false;
      this.#remove(slot);
      this.#tier[slot] = tier;
      this.#key[slot] = key;
      this.#insert(slot);
    }
    return !this.#broken;
  }

  #rebuild(
    queued: readonly SeqView[],
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
  ): void {
    const n = queued.length;
    this.#broken = false;
    this.#spare.length = 0;
    for (let k = 0; k < this.#volatiles.length; k++) {
      this.#volatileAt[this.#volatiles[k] as number] = -1;
    }
    this.#volatiles.length = 0;
    this.#slotOf.clear();
    this.#items.fill(undefined);
    this.#free.length = 0;
    this.#slots = 0;
    const last = this.#last;
    const lastSlot = this.#lastSlot;
    for (let i = 0; i < n; i++) {
      const seq = queued[i] as SeqView;
      const slot = this.#fill(seq, tierOf, keyOf);
      last[i] = seq;
      lastSlot[i] = slot;
      this.#order[i] = slot;
    }
    for (let k = n; k < this.#lastLength; k++) last[k] = undefined;
    this.#lastLength = n;
    this.#lastValid = true;
    this.#size = n;
    const order = this.#order.subarray(0, n);
    order.sort((a, b) => (this.#before(a, b) ? 1 : a === b ? 0 : -1));
  }

  /** A new slot holding `seq` and its key (not yet in the order). */
  #fill(
    seq: SeqView,
    tierOf: ((seq: SeqView) => number) | undefined,
    keyOf: (seq: SeqView) => number,
  ): number {
    const slot = this.#free.length > 0 ? (this.#free.pop() as number) : this.#slots++;
    if (slot >= this.#tier.length) this.#grow(slot + 1);
    this.#items[slot] = seq;
    this.#tier[slot] = tierOf === undefined ? 0 : tierOf(seq);
    this.#key[slot] = keyOf(seq);
    this.#arrival[slot] = seq.arrivalTime;
    this.#seq[slot] = seq.seq;
    this.#keyedIn[slot] = this.#plan;
    this.#slotOf.set(seq, slot);
    if (seq.state === 'preempted' || seq.prefixHashes !== undefined) {
      this.#volatileAt[slot] = this.#volatiles.length;
      this.#volatiles.push(slot);
    } else this.#volatileAt[slot] = -1;
    return slot;
  }

  /** Takes `slot` out of the order and frees it. */
  #release(slot: number): void {
    this.#remove(slot);
    this.#slotOf.delete(this.#items[slot] as SeqView);
    this.#items[slot] = undefined;
    const at = this.#volatileAt[slot] as number;
    if (at >= 0) {
      // swap-remove from the volatile list
      const volatiles = this.#volatiles;
      const moved = volatiles.pop() as number;
      if (moved !== slot) {
        volatiles[at] = moved;
        this.#volatileAt[moved] = at;
      }
      this.#volatileAt[slot] = -1;
    }
    this.#free.push(slot);
  }

  /** The first position whose slot is admitted before `slot` (the order is descending). */
  #firstBefore(slot: number): number {
    const order = this.#order;
    let lo = 0;
    let hi = this.#size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#before(order[mid] as number, slot)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Inserts `slot` into the descending order. */
  #insert(slot: number): void {
    const order = this.#order;
    const lo = this.#firstBefore(slot);
    order.copyWithin(lo + 1, lo, this.#size);
    order[lo] = slot;
    this.#size++;
  }

  /** Removes `slot` from the order (found by binary search on its key). */
  #remove(slot: number): void {
    const order = this.#order;
    // just past `slot` (slot is not before itself): it sits one position earlier
    const at = this.#firstBefore(slot) - 1;
    if (at < 0 || order[at] !== slot) {
      this.#broken = true;
      return;
    }
    order.copyWithin(at, at + 1, this.#size);
    this.#size--;
  }

  /** True when slot `a` is admitted before slot `b` (tier, key, arrival, seq, each with `<`). */
  #before(a: number, b: number): boolean {
    return admittedBefore(this.#tier, this.#key, this.#arrival, this.#seq, a, b);
  }

  /** Room for `n` queued requests (the aligned buffers) and as many slots. */
  #reserve(n: number): void {
    if (this.#lastSlot.length < n || this.#spareSlot.length < this.#lastLength) {
      const capacity = Math.max(n, this.#lastLength, 2 * this.#lastSlot.length, 64);
      const lastSlot = new Int32Array(capacity);
      lastSlot.set(this.#lastSlot.subarray(0, this.#lastLength));
      this.#lastSlot = lastSlot;
      this.#spareSlot = new Int32Array(capacity);
    }
    // slots in use never exceed the old queue plus the new one
    const inUse = Math.max(this.#lastLength, this.#size);
    if (this.#tier.length < inUse + n) this.#grow(inUse + n);
  }

  #grow(size: number): void {
    const capacity = Math.max(size, 2 * this.#tier.length, 64);
    const copy = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.#tier = copy(this.#tier, new Float64Array(capacity));
    this.#key = copy(this.#key, new Float64Array(capacity));
    this.#arrival = copy(this.#arrival, new Float64Array(capacity));
    this.#seq = copy(this.#seq, new Float64Array(capacity));
    this.#volatileAt = copy(this.#volatileAt, new Int32Array(capacity));
    this.#keyedIn = copy(this.#keyedIn, new Float64Array(capacity));
    this.#order = copy(this.#order, new Int32Array(capacity));
  }
}
