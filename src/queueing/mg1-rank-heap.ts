import type { Mg1JobStore } from './mg1-job-store.js';

/**
 * Binary min-heap of job slots ordered by (tier, key), then arrival time, then job id: exactly the
 * order of `compareJobs`. The sort keys are copied from the `Mg1JobStore` at push time (a waiting
 * job's rank is frozen) into typed arrays kept in heap order, so comparisons read adjacent memory
 * instead of chasing slots; no allocation per operation.
 *
 * @example
 * const heap = new Mg1RankHeap(store);
 * heap.push(slot); // reads store.tier/key/arrival/id[slot]
 * const best = heap.pop();
 */
export class Mg1RankHeap {
  readonly #store: Mg1JobStore;
  #slots: Int32Array;
  #tiers: Float64Array;
  #keys: Float64Array;
  #arrivals: Float64Array;
  #ids: Float64Array;
  size = 0;

  constructor(store: Mg1JobStore, capacity = 1024) {
    this.#store = store;
    this.#slots = new Int32Array(capacity);
    this.#tiers = new Float64Array(capacity);
    this.#keys = new Float64Array(capacity);
    this.#arrivals = new Float64Array(capacity);
    this.#ids = new Float64Array(capacity);
  }

  /** The best slot, or -1 when empty. */
  peek(): number {
    return this.size === 0 ? -1 : (this.#slots[0] as number);
  }

  push(slot: number): void {
    if (this.size === this.#slots.length) this.#grow();
    const store = this.#store;
    const tier = store.tier[slot] as number;
    const key = store.key[slot] as number;
    const arrival = store.arrival[slot] as number;
    const id = store.id[slot] as number;
    const slots = this.#slots;
    const tiers = this.#tiers;
    const keys = this.#keys;
    const arrivals = this.#arrivals;
    const ids = this.#ids;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const parentTier = tiers[parent] as number;
      if (tier > parentTier) break;
      if (tier === parentTier) {
        const parentKey = keys[parent] as number;
        if (key > parentKey) break;
        if (key === parentKey) {
          const parentArrival = arrivals[parent] as number;
          if (arrival > parentArrival) break;
          if (arrival === parentArrival && id > (ids[parent] as number)) break;
        }
      }
      slots[k] = slots[parent] as number;
      tiers[k] = parentTier;
      keys[k] = keys[parent] as number;
      arrivals[k] = arrivals[parent] as number;
      ids[k] = ids[parent] as number;
      k = parent;
    }
    slots[k] = slot;
    tiers[k] = tier;
    keys[k] = key;
    arrivals[k] = arrival;
    ids[k] = id;
  }

  /** Removes and returns the best slot (-1 when empty). */
  pop(): number {
    if (this.size === 0) return -1;
    const slots = this.#slots;
    const top = slots[0] as number;
    const n = --this.size;
    if (n === 0) return top;
    const tiers = this.#tiers;
    const keys = this.#keys;
    const arrivals = this.#arrivals;
    const ids = this.#ids;
    const slot = slots[n] as number;
    const tier = tiers[n] as number;
    const key = keys[n] as number;
    const arrival = arrivals[n] as number;
    const id = ids[n] as number;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n) {
        // Take the right child when it sorts first (inlined comparison).
        const tierR = tiers[right] as number;
        const tierL = tiers[child] as number;
        if (tierR !== tierL) {
          if (tierR < tierL) child = right;
        } else {
          const keyR = keys[right] as number;
          const keyL = keys[child] as number;
          if (keyR !== keyL) {
            if (keyR < keyL) child = right;
          } else {
            const arrivalR = arrivals[right] as number;
            const arrivalL = arrivals[child] as number;
            if (
              arrivalR < arrivalL ||
              (arrivalR === arrivalL && (ids[right] as number) < (ids[child] as number))
            ) {
              child = right;
            }
          }
        }
      }
      // Stop when the moving entry is not greater than the smaller child.
      const childTier = tiers[child] as number;
      if (tier < childTier) break;
      if (tier === childTier) {
        const childKey = keys[child] as number;
        if (key < childKey) break;
        if (key === childKey) {
          const childArrival = arrivals[child] as number;
          if (arrival < childArrival) break;
          if (arrival === childArrival && id < (ids[child] as number)) break;
        }
      }
      slots[k] = slots[child] as number;
      tiers[k] = childTier;
      keys[k] = keys[child] as number;
      arrivals[k] = arrivals[child] as number;
      ids[k] = ids[child] as number;
      k = child;
    }
    slots[k] = slot;
    tiers[k] = tier;
    keys[k] = key;
    arrivals[k] = arrival;
    ids[k] = id;
    return top;
  }

  #grow(): void {
    const capacity = this.#slots.length * 2;
    const slots = new Int32Array(capacity);
    slots.set(this.#slots);
    this.#slots = slots;
    const grow = (array: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(array);
      return next;
    };
    this.#tiers = grow(this.#tiers);
    this.#keys = grow(this.#keys);
    this.#arrivals = grow(this.#arrivals);
    this.#ids = grow(this.#ids);
  }
}
