import type { Mg1JobStore } from './mg1-job-store.js';

/**
 * Binary min-heap of job slots ordered by the frozen rank stored in an `Mg1JobStore`:
 * (tier, key), then arrival time, then job id, exactly the order of `compareJobs`. Index-based
 * (an Int32Array of slots), no allocation per operation.
 *
 * @example
 * const heap = new Mg1RankHeap(store);
 * heap.push(slot);
 * const best = heap.pop();
 */
export class Mg1RankHeap {
  readonly #store: Mg1JobStore;
  #slots: Int32Array;
  size = 0;

  constructor(store: Mg1JobStore, capacity = 1024) {
    this.#store = store;
    this.#slots = new Int32Array(capacity);
  }

  /** The best slot, or -1 when empty. */
  peek(): number {
    return this.size === 0 ? -1 : (this.#slots[0] as number);
  }

  push(slot: number): void {
    if (this.size === this.#slots.length) {
      const next = new Int32Array(this.#slots.length * 2);
      next.set(this.#slots);
      this.#slots = next;
    }
    const slots = this.#slots;
    let k = this.size++;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      const above = slots[parent] as number;
      if (!this.#less(slot, above)) break;
      slots[k] = above;
      k = parent;
    }
    slots[k] = slot;
  }

  /** Removes and returns the best slot (-1 when empty). */
  pop(): number {
    if (this.size === 0) return -1;
    const slots = this.#slots;
    const top = slots[0] as number;
    const n = --this.size;
    if (n === 0) return top;
    const moving = slots[n] as number;
    let k = 0;
    for (;;) {
      const left = 2 * k + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      let childSlot = slots[left] as number;
      if (right < n) {
        const rightSlot = slots[right] as number;
        if (this.#less(rightSlot, childSlot)) {
          child = right;
          childSlot = rightSlot;
        }
      }
      if (!this.#less(childSlot, moving)) break;
      slots[k] = childSlot;
      k = child;
    }
    slots[k] = moving;
    return top;
  }

  #less(a: number, b: number): boolean {
    const store = this.#store;
    const tierA = store.tier[a] as number;
    const tierB = store.tier[b] as number;
    if (tierA !== tierB) return tierA < tierB;
    const keyA = store.key[a] as number;
    const keyB = store.key[b] as number;
    if (keyA !== keyB) return keyA < keyB;
    const arrivalA = store.arrival[a] as number;
    const arrivalB = store.arrival[b] as number;
    if (arrivalA !== arrivalB) return arrivalA < arrivalB;
    return (store.id[a] as number) < (store.id[b] as number);
  }
}
