/**
 * Paged KV blocks with a prefix cache: what vLLM's `BlockPool`/`KVCacheManager` and SGLang's
 * `RadixCache` do, at block granularity.
 *
 *   block ids 0..N-1, each: refCount, key (-1 = none), lastAccess (radix mode only: its eviction
 *   order; hash mode's order is the free list's, so it skips that write per block)
 *   free = refCount 0; a free block may still be CACHED (its key is in `cached`) until evicted
 *
 *   mode 'hash'  (vLLM APC): ONE free queue in LRU order: freed blocks go to the tail (a request's
 *                blocks in reverse order, so its tail blocks are evicted first); allocation pops
 *                the head and evicts its key. An evicted middle block cuts the chain behind it.
 *                The queue is a ring of block ids (a prefix hit on a free block marks its entry
 *                stale, skipped at the head), not a linked list: two sequential accesses and one
 *                per-block write instead of four random ones (speed, issue 8; same order).
 *   mode 'radix' (SGLang RadixCache): uncached free blocks are used first; then the least recently
 *                used cached LEAF (no cached child) is evicted, so a prefix is never cut in the middle.
 *   mode 'none': no prefix caching (keys ignored).
 *
 * `allocate` returns the block ids or null (nothing changes) when too few blocks are free.
 * Keys are non-negative 31-bit integers (`createPrefixKeys` hands out dense ones from 1): the key ->
 * block index is a paged Int32Array (key-index.ts: memory follows the keys cached now), not a Map (a
 * hashed Map was a tenth of the simulator's time) nor one array indexed by key (it grew with the trace).
 */

import { KeyIndex } from './key-index.js';

/** How the pool finds cached prefixes: by block hash, by radix tree, or not at all. */
export type PrefixCacheMode = 'hash' | 'radix' | 'none';

/** Where evicted cached blocks go (a host-memory tier, prefix-tier.ts); the pool only offers them. */
/** Where a pool appends the block ids it hands out: a plain array or a BlockList. */
export interface BlockSink {
  push(block: number): unknown;
}

export interface EvictionSink {
  /** `reused`: the block served at least one prefix hit while it was cached here. */
  offer(key: number, reused: boolean): void;
}

/** Words per block in `BlockPool`'s interleaved table, and their offsets. */
const META = 4;
const KEY = 1;
const RING_AT = 2;
const FLAGS = 3;
/** FLAGS bits: holds a retired key (see `retire`); served a prefix hit while cached. */
const RETIRED = 1;
const REUSED = 2;

export class BlockPool {
  readonly total: number;
  readonly mode: PrefixCacheMode;
  /**
   * Per block, interleaved (one cache line holds four blocks' worth; an allocation or a release
   * reads and writes one line per block instead of one per array): `META` words at block x META,
   * the reference count, the cached key (-1 = none), the ring position of its free entry (-1 =
   * none; hash and none modes) and flags (RETIRED, REUSED).
   */
  readonly #meta: Int32Array;
  #parent: Int32Array;
  #children: Int32Array;
  /** Last allocation, hit or release of each block (read by radix mode only). */
  #lastAccess: Float64Array;
  readonly #radix: boolean;
  /** key -> cached block (key-index.ts: follows the cached keys, not every key ever made). */
  readonly #blockOfKey: KeyIndex;
  #free: number;
  // hash and none modes: the free blocks in LRU order, a FIFO ring of block ids (appended at
  // #tail, taken at #head); an entry is live while the block's RING_AT word is its position (a prefix hit
  // takes a free block out of the middle by clearing its position: its entry is skipped at the head)
  #ring: Int32Array;
  #head = 0;
  #tail = 0;
  // radix mode: uncached free stack + lazy min-heap of evictable cached leaves
  #uncached: number[] = [];
  #heapBlock: number[] = [];
  #heapAt: number[] = [];
  #evictions = 0;
  /** Receives the key of every cached block evicted (the host tier), if set. */
  evictionSink: EvictionSink | undefined;

  constructor(total: number, mode: PrefixCacheMode) {
    this.total = total;
    this.mode = mode;
    this.#meta = new Int32Array(META * total);
    for (let b = 0; b < total; b++) {
      this.#meta[b * META + KEY] = -1;
      this.#meta[b * META + RING_AT] = -1;
    }
    this.#blockOfKey = new KeyIndex();
    this.#parent = new Int32Array(total).fill(-1);
    this.#children = new Int32Array(total);
    this.#radix = mode === 'radix';
    this.#lastAccess = new Float64Array(this.#radix ? total : 0);
    this.#ring = new Int32Array(mode === 'radix' ? 0 : 2 * total + 16);
    this.#free = total;
    if (mode === 'radix') {
      for (let b = total - 1; b >= 0; b--) this.#uncached.push(b);
    } else {
      for (let b = 0; b < total; b++) this.#append(b);
    }
  }

  get freeBlocks(): number {
    return this.#free;
  }
  get usedBlocks(): number {
    return this.total - this.#free;
  }
  get evictions(): number {
    return this.#evictions;
  }
  refCount(block: number): number {
    return this.#meta[block * META] ?? 0;
  }

  /** Number of leading keys cached now (stops at the first miss). */
  lookup(keys: ArrayLike<number>, limit: number): number {
    if (this.mode === 'none') return 0;
    let hits = 0;
    const n = Math.min(limit, keys.length);
    while (hits < n && this.#cachedBlock(keys[hits] as number) >= 0) hits++;
    return hits;
  }

  /** Of the first `count` keys (all cached), how many blocks are held by someone (refCount > 0). */
  inUse(keys: ArrayLike<number>, count: number): number {
    let used = 0;
    for (let i = 0; i < count; i++) {
      const block = this.#cachedBlock(keys[i] as number);
      if (block >= 0 && (this.#meta[block * META] as number) > 0) used++;
    }
    return used;
  }

  /**
   * Takes a reference on the cached blocks of the first `count` keys (a prefix hit); appends them
   * to `into` (default a new array) and returns it.
   */
  touch(keys: ArrayLike<number>, count: number, now: number): number[];
  touch<S extends BlockSink>(keys: ArrayLike<number>, count: number, now: number, into: S): S;
  touch(keys: ArrayLike<number>, count: number, now: number, into: BlockSink = []): BlockSink {
    const blocks = into;
    for (let i = 0; i < count; i++) {
      const block = this.#cachedBlock(keys[i] as number);
      if (block < 0) throw new Error(`BlockPool.touch: key ${keys[i]} is not cached (stale hit)`);
      if (this.#meta[block * META] === 0) this.#takeFree(block);
      this.#meta[block * META] = (this.#meta[block * META] as number) + 1;
      if (this.#radix) this.#lastAccess[block] = now;
      this.#meta[block * META + FLAGS] = (this.#meta[block * META + FLAGS] as number) | REUSED;
      blocks.push(block);
    }
    return blocks;
  }

  /** Allocates `count` fresh blocks (evicting cached ones as needed), or null if too few are free. */
  allocate(count: number, now: number): number[] | null {
    const blocks: number[] = [];
    return this.allocateInto(blocks, count, now) ? blocks : null;
  }

  /**
   * Appends `count` fresh blocks to `blocks` (as `allocate`, without a temporary array); false
   * (nothing changed) if too few are free.
   */
  allocateInto(blocks: BlockSink, count: number, now: number): boolean {
    if (count > this.#free) return false;
    for (let i = 0; i < count; i++) {
      const block = this.#popFree();
      this.#meta[block * META] = 1;
      if (this.#radix) this.#lastAccess[block] = now;
      blocks.push(block);
    }
    return true;
  }

  /** Allocates one fresh block (as `allocate(1)` without the array), or -1 when none is free. */
  allocateOne(now: number): number {
    if (this.#free === 0) return -1;
    const block = this.#popFree();
    this.#meta[block * META] = 1;
    if (this.#radix) this.#lastAccess[block] = now;
    return block;
  }

  /**
   * Registers `block` (full, computed) under `key`, with `parentBlock` the block before it (-1 for
   * the first). If the key is already cached by another block, this block stays unkeyed (vLLM).
   */
  register(block: number, key: number, parentBlock: number): void {
    if (
      this.mode === 'none' ||
      this.#meta[block * META + KEY] !== -1 ||
      this.#cachedBlock(key) >= 0
    )
      return;
    if (!Number.isInteger(key) || key < 0 || key > 0x7fffffff) {
      throw new RangeError(`block pool: key ${key} is not a non-negative 31-bit integer`);
    }
    this.#meta[block * META + KEY] = key;
    this.#blockOfKey.set(key, block);
    if (parentBlock >= 0 && this.#meta[parentBlock * META + KEY] !== -1) {
      this.#parent[block] = parentBlock;
      this.#children[parentBlock] = (this.#children[parentBlock] as number) + 1;
    }
  }

  /**
   * Blocks from..to-1 of `blocks` held full by a request that ends now, whose keys (unique to it)
   * no one will ever look up: they are not registered, but their next allocation counts as an
   * eviction, as it would had they been (hash mode; BlockPoolMemory's deferred registration).
   */
  retire(blocks: ArrayLike<number>, from: number, to: number): void {
    const meta = this.#meta;
    for (let k = from; k < to; k++) {
      const at = (blocks[k] as number) * META + FLAGS;
      meta[at] = (meta[at] as number) | RETIRED;
    }
  }

  /**
   * Drops one reference on each of the first `count` blocks (default all), last block first (vLLM
   * frees in reverse order).
   */
  release(blocks: ArrayLike<number>, now: number, count = blocks.length): void {
    for (let i = count - 1; i >= 0; i--) {
      const block = blocks[i] as number;
      const count = (this.#meta[block * META] as number) - 1;
      this.#meta[block * META] = count;
      if (this.#radix) this.#lastAccess[block] = now;
      if (count === 0) this.#pushFree(block);
    }
  }

  /** The block caching `key`, or -1. */
  #cachedBlock(key: number): number {
    return key >= 0 ? this.#blockOfKey.get(key) : -1;
  }

  /** Appends a free block at the LRU tail. */
  #append(block: number): void {
    if (this.#tail === this.#ring.length) this.#compactRing();
    const at = this.#tail++;
    this.#ring[at] = block;
    this.#meta[block * META + RING_AT] = at;
  }

  /** Takes a free block out of the LRU order (its ring entry is skipped later). */
  #unlink(block: number): void {
    this.#meta[block * META + RING_AT] = -1;
  }

  /** Takes the LRU head (a free block must exist). */
  #shift(): number {
    const ring = this.#ring;
    const meta = this.#meta;
    const tail = this.#tail;
    let at = this.#head;
    while (at < tail && meta[(ring[at] as number) * META + RING_AT] !== at) at++;
    if (at === tail) throw new Error('block pool: free count out of sync');
    this.#head = at + 1;
    const block = ring[at] as number;
    meta[block * META + RING_AT] = -1;
    return block;
  }

  /** Moves the live ring entries to its start (order kept; at most `total` of them). */
  #compactRing(): void {
    const ring = this.#ring;
    const meta = this.#meta;
    let to = 0;
    for (let at = this.#head; at < this.#tail; at++) {
      const block = ring[at] as number;
      if (meta[block * META + RING_AT] !== at) continue;
      ring[to] = block;
      meta[block * META + RING_AT] = to;
      to++;
    }
    this.#head = 0;
    this.#tail = to;
  }

  #pushFree(block: number): void {
    this.#free++;
    if (this.mode === 'radix') {
      if (this.#meta[block * META + KEY] === -1) this.#uncached.push(block);
      else if (this.#children[block] === 0) this.#pushLeaf(block);
    } else if (this.mode === 'none') {
      this.#meta[block * META + KEY] = -1;
      this.#append(block);
    } else {
      this.#append(block);
    }
  }

  /** Removes a free, cached block from the free structures (a prefix hit re-uses it). */
  #takeFree(block: number): void {
    this.#free--;
    if (this.mode !== 'radix') this.#unlink(block);
    // radix: heap entries are validated lazily on pop (refCount > 0 makes them stale)
  }

  #popFree(): number {
    this.#free--;
    if (this.mode !== 'radix') {
      const block = this.#shift();
      if (this.#meta[block * META + KEY] !== -1) this.#evict(block);
      else if ((this.#meta[block * META + FLAGS] as number) & RETIRED) {
        this.#meta[block * META + FLAGS] = (this.#meta[block * META + FLAGS] as number) & ~RETIRED;
        this.#evictions++;
      }
      return block;
    }
    const fresh = this.#uncached.pop();
    if (fresh !== undefined) return fresh;
    for (;;) {
      const block = this.#popLeaf();
      if (block < 0) throw new Error('block pool: free count out of sync');
      if (
        this.#meta[block * META] !== 0 ||
        this.#children[block] !== 0 ||
        this.#meta[block * META + KEY] === -1
      )
        continue;
      this.#evict(block);
      return block;
    }
  }

  #evict(block: number): void {
    this.evictionSink?.offer(
      this.#meta[block * META + KEY] as number,
      ((this.#meta[block * META + FLAGS] as number) & REUSED) !== 0,
    );
    this.#meta[block * META + FLAGS] = (this.#meta[block * META + FLAGS] as number) & ~REUSED;
    this.#blockOfKey.delete(this.#meta[block * META + KEY] as number);
    this.#meta[block * META + KEY] = -1;
    this.#evictions++;
    const parent = this.#parent[block] as number;
    this.#parent[block] = -1;
    if (parent >= 0) {
      const left = (this.#children[parent] as number) - 1;
      this.#children[parent] = left;
      if (
        this.mode === 'radix' &&
        left === 0 &&
        this.#meta[parent * META] === 0 &&
        this.#meta[parent * META + KEY] !== -1
      ) {
        this.#pushLeaf(parent);
      }
    }
  }

  #pushLeaf(block: number): void {
    const heapBlock = this.#heapBlock;
    const heapAt = this.#heapAt;
    let i = heapBlock.length;
    heapBlock.push(block);
    heapAt.push(this.#lastAccess[block] as number);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heapAt[p] as number) <= (heapAt[i] as number)) break;
      [heapBlock[p], heapBlock[i]] = [heapBlock[i] as number, heapBlock[p] as number];
      [heapAt[p], heapAt[i]] = [heapAt[i] as number, heapAt[p] as number];
      i = p;
    }
  }

  #popLeaf(): number {
    const heapBlock = this.#heapBlock;
    const heapAt = this.#heapAt;
    if (heapBlock.length === 0) return -1;
    const top = heapBlock[0] as number;
    const lastBlock = heapBlock.pop() as number;
    const lastAt = heapAt.pop() as number;
    if (heapBlock.length > 0) {
      heapBlock[0] = lastBlock;
      heapAt[0] = lastAt;
      let i = 0;
      const n = heapBlock.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (heapAt[r] as number) < (heapAt[l] as number) ? r : l;
        if ((heapAt[c] as number) >= (heapAt[i] as number)) break;
        [heapBlock[c], heapBlock[i]] = [heapBlock[i] as number, heapBlock[c] as number];
        [heapAt[c], heapAt[i]] = [heapAt[i] as number, heapAt[c] as number];
        i = c;
      }
    }
    return top;
  }
}
