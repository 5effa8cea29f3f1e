/**
 * Binary min-heap of job slots ordered by (tier, key), then arrival time, then job id: exactly the
 * order of `compareJobs`. The sort keys are copied from the `Mg1JobStore` at push time (a waiting
 * job's rank is frozen) into one Float64Array kept in heap order, five numbers an entry (tier,
 * key, arrival, id, slot): comparisons and moves read adjacent memory instead of chasing slots,
 * and one array means one bounds check per access pattern; no allocation per operation.
 *
 * @example
 * const heap = new Mg1RankHeap(store);
 * heap.push(slot); // reads store.tier/key/arrival/id[slot]
 * heap.pushEntry(slot, tier, key, arrival, id); // the same with the sort keys given
 * const best = heap.pop();
 */

import type { Mg1JobStore } from './mg1-job-store.js';

/**
 * Binary min-heap of job slots ordered by (tier, key), then arrival time, then job id: exactly the
 * order of `compareJobs`.
 */
export class Mg1RankHeap {
  /**
   * Adds the job in `slot` with the sort keys given (the values `push` would read from the store):
   * for loops that have them at hand.
   */
  pushEntry: (slot: number, tier: number, key: number, arrival: number, id: number) => void;
  /** Removes and returns the best slot (-1 when empty). */
  pop: () => number;
  readonly #store: Mg1JobStore;
  /**
   * [0]: the number of entries (in an array: the closures below read and write it in place). 32
   * ints, not 1: a typed array of more than 64 bytes lives outside the JS heap, so where V8
   * specialises the closures its address is a constant.
   */
  readonly #count = new Int32Array(32);
  /** Entry k at [5k, 5k + 5): tier, key, arrival, id, slot. */
  #entries: Float64Array;

  constructor(store: Mg1JobStore, capacity = 1024) {
    this.#store = store;
    this.#entries = new Float64Array(capacity * width);
    this.pushEntry = pusher(this.#entries, this.#count, () => this.#grow());
    this.pop = popper(this.#entries, this.#count);
  }

  /** Adds the job in `slot` (its tier, key, arrival and id are read from the store now). */
  push(slot: number): void {
    const store = this.#store;
    this.pushEntry(
      slot,
      store.tier[slot] as number,
      store.key[slot] as number,
      store.arrival[slot] as number,
      store.id[slot] as number,
    );
  }

  get size(): number {
    return this.#count[0] as number;
  }

  /** The best slot, or -1 when empty. */
  peek(): number {
    return this.#count[0] === 0 ? -1 : (this.#entries[slotAt] as number);
  }

  /**
   * Doubles the capacity: new entries, new `pushEntry` and `pop` over them; returns the new
   * `pushEntry`.
   */
  #grow(): Mg1RankHeap['pushEntry'] {
    const entries = new Float64Array(this.#entries.length * 2);
    entries.set(this.#entries);
    this.#entries = entries;
    this.pushEntry = pusher(entries, this.#count, () => this.#grow());
    this.pop = popper(entries, this.#count);
    return this.pushEntry;
  }
}

/*
 * `pushEntry` and `pop` are closures over the entries and the count, made per heap and after each
 * growth: V8 compiles a closure whose function literal has made only one closure so far against
 * its actual context, so in a process's first simulation the entries' address and length are
 * constants in the machine code (no map or bounds reloads in the sift loops). Later heaps compile
 * as plain closures: the same order either way. Index arithmetic is `| 0` (int32 wrap): indices
 * stay far below 2^31, and without it V8 checks every `k * 5 + j` for overflow.
 */

function pusher(
  e: Float64Array,
  count: Int32Array,
  grow: () => Mg1RankHeap['pushEntry'],
): Mg1RankHeap['pushEntry'] {
  const capacity = e.length / width;
  const pushEntry = (
    slot: number,
    tier: number,
    key: number,
    arrival: number,
    id: number,
  ): void => {
    let k = count[0] as number;
    if (k === capacity) {
      grow()(slot, tier, key, arrival, id);
      return;
    }
    count[0] = k + 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const p = (parent * width) | 0;
      const parentTier = e[p] as number;
      if (tier > parentTier) break;
      if (tier === parentTier) {
        const parentKey = e[(p + 1) | 0] as number;
        if (key > parentKey) break;
        if (key === parentKey) {
          const parentArrival = e[(p + 2) | 0] as number;
          if (arrival > parentArrival) break;
          if (arrival === parentArrival && id > (e[(p + 3) | 0] as number)) break;
        }
      }
      const at = (k * width) | 0;
      e[at] = parentTier;
      e[(at + 1) | 0] = e[(p + 1) | 0] as number;
      e[(at + 2) | 0] = e[(p + 2) | 0] as number;
      e[(at + 3) | 0] = e[(p + 3) | 0] as number;
      e[(at + 4) | 0] = e[(p + 4) | 0] as number;
      k = parent;
    }
    const at = (k * width) | 0;
    e[at] = tier;
    e[(at + 1) | 0] = key;
    e[(at + 2) | 0] = arrival;
    e[(at + 3) | 0] = id;
    e[(at + 4) | 0] = slot;
  };
  return pushEntry;
}

function popper(e: Float64Array, count: Int32Array): () => number {
  const pop = (): number => {
    const size = count[0] as number;
    if (size === 0) return -1;
    // `| 0`: an int32 result, so callers see a small integer, never a boxed double.
    const top = (e[slotAt] as number) | 0;
    const n = size - 1;
    count[0] = n;
    if (n === 0) return top;
    const last = (n * width) | 0;
    const tier = e[last] as number;
    const key = e[(last + 1) | 0] as number;
    const arrival = e[(last + 2) | 0] as number;
    const id = e[(last + 3) | 0] as number;
    const slot = e[(last + 4) | 0] as number;
    let k = 0;
    for (;;) {
      let child = (2 * k + 1) | 0;
      if (child >= n) break;
      let c = (child * width) | 0;
      if (child + 1 < n) {
        // Take the right child when it sorts first (inlined comparison).
        const r = (c + width) | 0;
        const tierR = e[r] as number;
        const tierL = e[c] as number;
        let right = false;
        if (tierR !== tierL) right = tierR < tierL;
        else {
          const keyR = e[(r + 1) | 0] as number;
          const keyL = e[(c + 1) | 0] as number;
          if (keyR !== keyL) right = keyR < keyL;
          else {
            const arrivalR = e[(r + 2) | 0] as number;
            const arrivalL = e[(c + 2) | 0] as number;
            right =
              arrivalR < arrivalL ||
              (arrivalR === arrivalL && (e[(r + 3) | 0] as number) < (e[(c + 3) | 0] as number));
          }
        }
        if (right) {
          child++;
          c = r;
        }
      }
      // Stop when the moving entry is not greater than the smaller child.
      const childTier = e[c] as number;
      if (tier < childTier) break;
      if (tier === childTier) {
        const childKey = e[(c + 1) | 0] as number;
        if (key < childKey) break;
        if (key === childKey) {
          const childArrival = e[(c + 2) | 0] as number;
          if (arrival < childArrival) break;
          if (arrival === childArrival && id < (e[(c + 3) | 0] as number)) break;
        }
      }
      const at = (k * width) | 0;
      e[at] = childTier;
      e[(at + 1) | 0] = e[(c + 1) | 0] as number;
      e[(at + 2) | 0] = e[(c + 2) | 0] as number;
      e[(at + 3) | 0] = e[(c + 3) | 0] as number;
      e[(at + 4) | 0] = e[(c + 4) | 0] as number;
      k = child;
    }
    const at = (k * width) | 0;
    e[at] = tier;
    e[(at + 1) | 0] = key;
    e[(at + 2) | 0] = arrival;
    e[(at + 3) | 0] = id;
    e[(at + 4) | 0] = slot;
    return top;
  };
  return pop;
}
/** Numbers per heap entry, and the offset of the slot in an entry. */
const width = 5;
const slotAt = 4;
