/**
 * A simulated request's KV block ids: an array sized once for the most blocks the request can hold
 * (its prompt plus output), and a length (speed, issue 8: an array grown by `push` from empty was
 * about a tenth of a run's allocated bytes, ~1.6 M blocks a rate-scale-4 run). A plain array of
 * small integers, not an Int32Array: a typed array of this size has an off-heap backing store
 * (malloc, an ArrayBuffer and its sweeping per request, and one more object to reach). Grows if the
 * size was not given or too small.
 *
 *   ids:  [ b0 | b1 | ... | b(length-1) | (room) ]
 */
export class BlockList {
  readonly ids: number[];
  length = 0;

  constructor(capacity = 8) {
    this.ids = new Array<number>(Math.max(1, capacity)).fill(0);
  }

  /** Appends a block id. */
  push(block: number): void {
    if (this.length === this.ids.length) this.ids.push(block);
    else this.ids[this.length] = block;
    this.length++;
  }

  /** Block id i (i < length). */
  at(i: number): number {
    return this.ids[i] as number;
  }

  /** Forgets every block (keeps the room). */
  clear(): void {
    this.length = 0;
  }
}
