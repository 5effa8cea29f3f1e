/**
 * A count-min sketch of 4-bit counters with periodic halving (TinyLFU's aging: Einziger, Friedman,
 * Manes, "TinyLFU: A Highly Efficient Cache Admission Policy", ACM TOS 2017; sized as Caffeine's
 * FrequencySketch): 4 rows of 4 x nextPow2(capacity) counters (16 counters per cached entry), a
 * key's frequency is the least of its 4 counters (each capped at 15); after 10 x capacity counted
 * increments every counter is halved, so the sketch estimates recent popularity. For the host
 * tier's `w-tinylfu` admission (prefix-tier-wtinylfu.ts). Deterministic (fixed hash seeds).
 */
export class TierFrequencySketch {
  readonly #table: Uint8Array;
  readonly #mask: number;
  readonly #width: number;
  readonly #sampleSize: number;
  #additions = 0;

  constructor(capacity: number) {
    let width = 16;
    while (width < 4 * Math.max(1, capacity)) width *= 2;
    this.#width = width;
    this.#mask = width - 1;
    this.#table = new Uint8Array(4 * width);
    this.#sampleSize = 10 * Math.max(1, capacity);
  }

  /** The estimated number of reads of `key` in the recent sample (0..15). */
  frequency(key: number): number {
    let least = 15;
    for (let row = 0; row < 4; row++) {
      const value = this.#table[this.#index(key, row)] as number;
      if (value < least) least = value;
    }
    return least;
  }

  /** Counts one read of `key`; halves every counter once per sample. */
  increment(key: number): void {
    let added = false;
    for (let row = 0; row < 4; row++) {
      const i = this.#index(key, row);
      const value = this.#table[i] as number;
      if (value < 15) {
        this.#table[i] = value + 1;
        added = true;
      }
    }
    if (added && ++this.#additions >= this.#sampleSize) this.#halve();
  }

  #halve(): void {
    let odd = 0;
    const table = this.#table;
    for (let i = 0; i < table.length; i++) {
      const value = table[i] as number;
      odd += value & 1;
      table[i] = value >>> 1;
    }
    this.#additions = (this.#additions - (odd >>> 2)) >>> 1;
  }

  #index(key: number, row: number): number {
    let x = Math.imul(key ^ (seeds[row] as number), 0x9e3779b1);
    x ^= x >>> 15;
    x = Math.imul(x, 0x85ebca77);
    x ^= x >>> 13;
    return row * this.#width + (x & this.#mask);
  }
}

const seeds = [0x3c6ef372, 0x1b873593, 0x7feb352d, 0x68e31da4] as const;
