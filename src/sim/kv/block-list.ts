/**
 * A simulated request's KV block ids: an Int32Array sized once for the most blocks the request can
 * hold (its prompt plus output), and a length (speed, issue 8: a plain array grown by `push` was
 * about a tenth of a run's allocated bytes, ~1.6 M blocks a rate-scale-4 run). Grows by doubling if
 * the size was not given or too small.
 *
 *   ids:  [ b0 | b1 | ... | b(length-1) | (room) ]
 */
export class BlockList {
  ids: Int32Array;
  length = 0;

  constructor(capacity = 8) {
    this.ids = new Int32Array(Math.max(1, capacity));
  }

  /** Appends a block id. */
  push(block: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = block;
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
