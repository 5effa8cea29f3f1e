/**
 * The block pool's key -> block index: an open-addressing hash table (linear probing, deletion by
 * backward shift, no tombstones) sized for the pool's blocks, since at most one key per block is
 * cached at a time. Keys grow with every request of a run (each reserves unique keys for its
 * blocks), so a dense array indexed by key grew with the trace (~0.5 GB on 1.5M requests); this
 * stays at 16 bytes per block whatever the run's length.
 *
 *   slot = high bits of key * 0x9e3779b1 (Fibonacci hashing), then the next slots in turn
 */
export class KeyIndex {
  #keys: Int32Array;
  #values: Int32Array;
  #bits: number;
  #size = 0;

  /** `entries`: the most keys held at once (grows past it if needed). */
  constructor(entries: number) {
    this.#bits = Math.max(4, Math.ceil(Math.log2(Math.max(1, entries) * 2)));
    this.#keys = new Int32Array(1 << this.#bits).fill(-1);
    this.#values = new Int32Array(1 << this.#bits);
  }

  /** The value of `key` (a non-negative 31-bit integer), or -1. */
  get(key: number): number {
    if (key < 0) return -1;
    const keys = this.#keys;
    const mask = keys.length - 1;
    for (let i = this.#home(key); ; i = (i + 1) & mask) {
      const k = keys[i] as number;
      if (k === key) return this.#values[i] as number;
      if (k === -1) return -1;
    }
  }

  set(key: number, value: number): void {
    const keys = this.#keys;
    const mask = keys.length - 1;
    let i = this.#home(key);
    while (keys[i] !== -1 && keys[i] !== key) i = (i + 1) & mask;
    if (keys[i] === -1) {
      if ((this.#size + 1) * 2 > keys.length) {
        this.#grow();
        this.set(key, value);
        return;
      }
      this.#size++;
      keys[i] = key;
    }
    this.#values[i] = value;
  }

  delete(key: number): void {
    const keys = this.#keys;
    const mask = keys.length - 1;
    let i = this.#home(key);
    while (keys[i] !== key) {
      if (keys[i] === -1) return;
      i = (i + 1) & mask;
    }
    // shift back every later entry of the run that may not sit beyond its home slot
    for (let j = (i + 1) & mask; keys[j] !== -1; j = (j + 1) & mask) {
      const home = this.#home(keys[j] as number);
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      keys[i] = keys[j] as number;
      this.#values[i] = this.#values[j] as number;
      i = j;
    }
    keys[i] = -1;
    this.#size--;
  }

  #home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> (32 - this.#bits);
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#bits++;
    this.#keys = new Int32Array(1 << this.#bits).fill(-1);
    this.#values = new Int32Array(1 << this.#bits);
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== -1) this.set(keys[i] as number, values[i] as number);
    }
  }
}
