/**
 * Queued requests in admission order, produced lazily: each request's key (tier, key, then
 * arrival, then admission sequence, all numbers compared with `<`) is copied into typed arrays,
 * a heap of indices is built in O(n), and each `next()` costs O(log n). Comparisons read only the
 * typed arrays (no wrapper object per request per step, no SeqView access while heapifying): the
 * running-first planners need the first few of hundreds of queued requests every engine step.
 * One instance is reused across steps (`reset`); its arrays grow to the largest queue seen.
 *
 * @example
 * const queue = new KeyedQueue();
 * queue.reset(2);
 * queue.set(0, seqA, 0, 5);
 * queue.set(1, seqB, 0, 3);
 * queue.heapify();
 * queue.next(); // seqB
 */

import type { SeqView } from '../../core/step-plan.js';
import { admittedBefore } from './admitted-before.js';

/**
 * Queued requests in admission order, produced lazily: each request's key (tier, key, then
 * arrival, then admission sequence, all numbers compared with `<`) is copied into typed arrays, a
 * heap of indices is built in O(n), and each `next()` costs O(log n).
 */
export class KeyedQueue {
  #size = 0;
  #items: (SeqView | undefined)[] = [];
  #tier = new Float64Array(0);
  #key = new Float64Array(0);
  #arrival = new Float64Array(0);
  #seq = new Float64Array(0);
  #heap = new Int32Array(0);

  /** Starts a queue of `count` requests (set each index 0..count-1, then heapify). */
  reset(count: number): void {
    if (this.#tier.length < count) {
      const capacity = Math.max(count, 2 * this.#tier.length, 64);
      this.#tier = new Float64Array(capacity);
      this.#key = new Float64Array(capacity);
      this.#arrival = new Float64Array(capacity);
      this.#seq = new Float64Array(capacity);
      this.#heap = new Int32Array(capacity);
    }
    const items = this.#items;
    for (let i = count; i < this.#size; i++) items[i] = undefined; // no stale references
    this.#size = count;
    items.length = count;
  }

  set(index: number, seq: SeqView, tier: number, key: number): void {
    this.#items[index] = seq;
    this.#tier[index] = tier;
    this.#key[index] = key;
    this.#arrival[index] = seq.arrivalTime;
    this.#seq[index] = seq.seq;
    this.#heap[index] = index;
  }

  heapify(): void {
    for (let i = (this.#size >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  /** The next request in admission order, or undefined when exhausted. */
  next(): SeqView | undefined {
    if (this.#size === 0) return undefined;
    const heap = this.#heap;
    const top = heap[0] as number;
    this.#size--;
    if (this.#size > 0) {
      heap[0] = heap[this.#size] as number;
      this.#down(0);
    }
    return this.#items[top];
  }

  /** True when index `a` is admitted before index `b`. */
  #before(a: number, b: number): boolean {
    return admittedBefore(this.#tier, this.#key, this.#arrival, this.#seq, a, b);
  }

  #down(start: number): void {
    const heap = this.#heap;
    const size = this.#size;
    let i = start;
    const moving = heap[i] as number;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= size) break;
      const right = left + 1;
      let child = left;
      if (right < size && this.#before(heap[right] as number, heap[left] as number)) child = right;
      if (!this.#before(heap[child] as number, moving)) break;
      heap[i] = heap[child] as number;
      i = child;
    }
    heap[i] = moving;
  }
}
