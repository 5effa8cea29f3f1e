/**
 * Intrusive doubly linked lists over the pool's dense non-negative integer keys, for the host
 * tier's eviction policies (prefix-tier-*.ts): each key is in at most one of `count` lists (a
 * policy's queues, segments and ghost lists), kept in growable typed arrays (prev/next links, the
 * list a key is in, one byte of policy state per key), so every operation is O(1).
 * Node key + count is key; nodes 0..count-1 are the lists' sentinels (next = oldest, prev = newest).
 */
export class TierKeyLists {
  readonly count: number;
  readonly #sizes: Int32Array;
  #prev: Int32Array;
  #next: Int32Array;
  #list: Uint8Array;
  #mark: Uint8Array;

  constructor(count: number) {
    if (!Number.isInteger(count) || count < 1 || count >= absentList) {
      throw new RangeError(`tier key lists: 1..${absentList - 1} lists, got ${count}`);
    }
    this.count = count;
    this.#sizes = new Int32Array(count);
    const length = Math.max(1024, 2 * count);
    this.#prev = new Int32Array(length);
    this.#next = new Int32Array(length);
    this.#list = new Uint8Array(length).fill(absentList);
    this.#mark = new Uint8Array(length);
    for (let s = 0; s < count; s++) {
      this.#prev[s] = s;
      this.#next[s] = s;
    }
  }

  /** The list `key` is in, or `absentList`. */
  listOf(key: number): number {
    const node = key + this.count;
    return node < this.#list.length ? (this.#list[node] as number) : absentList;
  }

  size(list: number): number {
    return this.#sizes[list] as number;
  }

  /** The oldest key of `list` (the one appended first), or -1 when it is empty. */
  oldest(list: number): number {
    const node = this.#next[list] as number;
    return node === list ? -1 : node - this.count;
  }

  /** Moves `key` to the newest end of `list` (out of the list it was in, if any). */
  append(key: number, list: number): void {
    const node = key + this.count;
    this.#grow(node);
    if (this.#list[node] !== absentList) this.#unlink(node);
    const tail = this.#prev[list] as number;
    this.#next[tail] = node;
    this.#prev[node] = tail;
    this.#next[node] = list;
    this.#prev[list] = node;
    this.#list[node] = list;
    this.#sizes[list] = (this.#sizes[list] as number) + 1;
  }

  /** Takes `key` out of its list (no-op when it is in none). */
  remove(key: number): void {
    const node = key + this.count;
    if (node < this.#list.length && this.#list[node] !== absentList) this.#unlink(node);
  }

  /**
   * How many of keys[from], keys[from + 1], ... (up to `limit` and the end of `keys`) are in a row
   * in one of the lists whose bit is set in `heldMask` (bit i: list i): a tier's `lookup`.
   */
  heldRun(keys: ArrayLike<number>, from: number, limit: number, heldMask: number): number {
    const end = Math.min(limit, keys.length);
    let i = from;
    while (i < end) {
      const list = this.listOf(keys[i] as number);
      if (list === absentList || ((heldMask >> list) & 1) === 0) break;
      i++;
    }
    return i - from;
  }

  /** The policy's byte of state for `key` (0 for a key never marked). */
  mark(key: number): number {
    const node = key + this.count;
    return node < this.#mark.length ? (this.#mark[node] as number) : 0;
  }

  setMark(key: number, value: number): void {
    const node = key + this.count;
    this.#grow(node);
    this.#mark[node] = value;
  }

  #unlink(node: number): void {
    const a = this.#prev[node] as number;
    const b = this.#next[node] as number;
    this.#next[a] = b;
    this.#prev[b] = a;
    const list = this.#list[node] as number;
    this.#sizes[list] = (this.#sizes[list] as number) - 1;
    this.#list[node] = absentList;
  }

  #grow(node: number): void {
    if (node < this.#list.length) return;
    const length = Math.max(node + 1, this.#list.length * 2);
    const prev = new Int32Array(length);
    prev.set(this.#prev);
    this.#prev = prev;
    const next = new Int32Array(length);
    next.set(this.#next);
    this.#next = next;
    const list = new Uint8Array(length).fill(absentList);
    list.set(this.#list);
    this.#list = list;
    const mark = new Uint8Array(length);
    mark.set(this.#mark);
    this.#mark = mark;
  }
}

/** `TierKeyLists.listOf` of a key in no list. */
export const absentList = 255;
