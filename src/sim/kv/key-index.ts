/**
 * The block pool's key -> block index. Keys grow with every request of a run (each reserves
 * unique keys for its blocks), while at most one key per block is cached at a time: a dense array
 * indexed by key grew with the trace (~0.5 GB on 1.5M requests). This one is paged: 256 keys a
 * page, a page allocated when it gets its first entry and dropped with its last, so memory follows
 * the keys cached now (at most one page per cached block, 1 KB each) plus 8 bytes per 256 keys ever
 * made for the page table; a lookup is two array reads (no hashing).
 *
 *   key -> pages[key >> 8][key & 255]   (-1 = not cached)
 */
const PAGE_BITS = 8;
const PAGE = 1 << PAGE_BITS;

export class KeyIndex {
  readonly #pages: (Int32Array | undefined)[] = [];
  /** Live entries per page. */
  #live = new Uint16Array(64);

  /** The value of `key` (a non-negative 31-bit integer), or -1. */
  get(key: number): number {
    if (key < 0) return -1;
    const page = this.#pages[key >>> PAGE_BITS];
    return page === undefined ? -1 : (page[key & (PAGE - 1)] as number);
  }

  /** Sets `key` to `value` (>= 0). */
  set(key: number, value: number): void {
    const at = key >>> PAGE_BITS;
    let page = this.#pages[at];
    if (page === undefined) {
      page = new Int32Array(PAGE).fill(-1);
      while (this.#pages.length < at) this.#pages.push(undefined);
      this.#pages[at] = page;
      if (at >= this.#live.length) {
        const grown = new Uint16Array(Math.max(at + 1, this.#live.length * 2));
        grown.set(this.#live);
        this.#live = grown;
      }
    }
    const slot = key & (PAGE - 1);
    if (page[slot] === -1) this.#live[at] = (this.#live[at] as number) + 1;
    page[slot] = value;
  }

  delete(key: number): void {
    if (key < 0) return;
    const at = key >>> PAGE_BITS;
    const page = this.#pages[at];
    const slot = key & (PAGE - 1);
    if (page === undefined || page[slot] === -1) return;
    page[slot] = -1;
    const live = (this.#live[at] as number) - 1;
    this.#live[at] = live;
    if (live === 0) this.#pages[at] = undefined;
  }
}
