/**
 * Struct-of-arrays storage for the jobs present in the M/G/1 simulator (waiting or running), in
 * reusable slots: no per-job objects in the hot path. Slots are recycled through a free list and the
 * arrays double when full, so memory follows the queue length, not the number of jobs simulated.
 *
 * @example
 * const store = new Mg1JobStore(64);
 * const slot = store.allocate();
 * store.arrival[slot] = 1.5;
 * store.release(slot);
 */

import type { SizeDistribution } from '../core/job-view.js';

/**
 * Struct-of-arrays storage for the jobs present in the M/G/1 simulator (waiting or running), in
 * reusable slots: no per-job objects in the hot path.
 */
export class Mg1JobStore {
  arrival: Float64Array;
  /** Total work the job needs (true size plus any policy work overhead). */
  work: Float64Array;
  /** Service received so far (updated at events for the running job). */
  age: Float64Array;
  /** True size x. */
  size: Float64Array;
  /** Predicted size y. */
  predicted: Float64Array;
  /** Frozen rank of a waiting job. */
  tier: Float64Array;
  key: Float64Array;
  /** Job id = admission sequence (the final tie-break). */
  id: Float64Array;
  /** Predicted size distribution (Gittins only). */
  dist: (SizeDistribution | undefined)[];
  /**
   * The free slots are `free[0, freeCount)`; `allocate` takes the last. Public for the closed-form
   * chunk loop, which keeps `freeCount` in a local for a chunk and writes it back
   * (`mg1-closed-form-run.ts`); everything else calls `allocate` and `release`.
   */
  free: Int32Array;
  freeCount: number;
  #capacity: number;

  constructor(capacity = 1024) {
    this.#capacity = capacity;
    this.arrival = new Float64Array(capacity);
    this.work = new Float64Array(capacity);
    this.age = new Float64Array(capacity);
    this.size = new Float64Array(capacity);
    this.predicted = new Float64Array(capacity);
    this.tier = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.id = new Float64Array(capacity);
    this.dist = new Array<SizeDistribution | undefined>(capacity).fill(undefined);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.freeCount = capacity;
  }

  /** Whether `allocate` has a free slot without growing (replacing) the arrays. */
  hasFree(): boolean {
    return this.freeCount > 0;
  }

  /** A free slot (growing the arrays when none is left). */
  allocate(): number {
    if (this.freeCount === 0) this.grow();
    this.freeCount--;
    return this.free[this.freeCount] as number;
  }

  /**
   * Frees `slot` for reuse. Its `dist` entry is left as is: `dist` is read only for runs with a
   * posterior, and those set it at every admission.
   */
  release(slot: number): void {
    this.free[this.freeCount] = slot;
    this.freeCount++;
  }

  /** Doubles the capacity: every array is replaced by a larger copy. */
  grow(): void {
    const old = this.#capacity;
    const capacity = old * 2;
    const grow = (array: Float64Array): Float64Array => {
      const next = new Float64Array(capacity);
      next.set(array);
      return next;
    };
    this.arrival = grow(this.arrival);
    this.work = grow(this.work);
    this.age = grow(this.age);
    this.size = grow(this.size);
    this.predicted = grow(this.predicted);
    this.tier = grow(this.tier);
    this.key = grow(this.key);
    this.id = grow(this.id);
    for (let i = old; i < capacity; i++) this.dist.push(undefined);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    for (let i = old; i < capacity; i++) free[this.freeCount++] = capacity - 1 - (i - old);
    this.free = free;
    this.#capacity = capacity;
  }
}
