/**
 * Trace-driven prefix-cache simulation (no engine, no queueing): requests in arrival order, each
 * looks up its chain (hit = the leading cached blocks), then its blocks are inserted, evicting by
 * the policy until the cache holds at most `capacity` blocks. The blocks of the current request
 * are never evicted for it.
 *
 * - `prefix-lru`: whole-prefix LRU. The unit of caching is a request's whole prompt; a hit
 *   refreshes the units holding the deepest hit block; the least recently used UNIT is evicted
 *   (blocks shared with other cached units stay).
 * - `llru`: layered LRU (algorithms.md §14): every block is a layer of its prefix; a request for
 *   version k touches layers 1..k; the least recently used LAYER is evicted, deepest first on
 *   ties, so a prefix is never cut in the middle (SGLang's radix LRU, vLLM's free-block LRU).
 * - `lfu`: layers by reference count (kept across evictions), then LRU, then deepest.
 * - `belady`: offline MIN: evict the layer whose next use is farthest; a block whose own next use
 *   is farther than every cached one is not inserted (bypass).
 */

import { assertNever } from '../../core/assert-never.js';
import type { PrefixChains } from './prefix-chains.js';

/** The eviction policies of the trace-level prefix cache simulation. */
export type PrefixCachePolicy = 'prefix-lru' | 'llru' | 'lfu' | 'belady';
export const prefixCachePolicies: readonly PrefixCachePolicy[] = [
  'prefix-lru',
  'llru',
  'lfu',
  'belady',
];

export interface CacheSimResult {
  readonly policy: PrefixCachePolicy;
  readonly capacityBlocks: number;
  /** Hit tokens / prompt tokens. */
  readonly hitRate: number;
  readonly evictions: number;
}

/** A binary min-heap of (k1, k2, k3) keys with a payload; lazy deletion by version. */
class KeyHeap {
  readonly #keys: number[] = [];
  readonly #items: number[] = [];
  readonly #versions: number[] = [];
  get size(): number {
    return this.#items.length;
  }
  #less(a: number, b: number): boolean {
    const k = this.#keys;
    return (
      (k[3 * a] as number) < (k[3 * b] as number) ||
      (k[3 * a] === k[3 * b] &&
        ((k[3 * a + 1] as number) < (k[3 * b + 1] as number) ||
          (k[3 * a + 1] === k[3 * b + 1] && (k[3 * a + 2] as number) < (k[3 * b + 2] as number))))
    );
  }
  #swap(a: number, b: number): void {
    const k = this.#keys;
    for (let d = 0; d < 3; d++) {
      const t = k[3 * a + d] as number;
      k[3 * a + d] = k[3 * b + d] as number;
      k[3 * b + d] = t;
    }
    const items = this.#items;
    const versions = this.#versions;
    [items[a], items[b]] = [items[b] as number, items[a] as number];
    [versions[a], versions[b]] = [versions[b] as number, versions[a] as number];
  }
  push(k1: number, k2: number, k3: number, item: number, version: number): void {
    this.#keys.push(k1, k2, k3);
    this.#items.push(item);
    this.#versions.push(version);
    let i = this.#items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(i, p)) break;
      this.#swap(i, p);
      i = p;
    }
  }
  /** Top item and version, or undefined. */
  peek(): { item: number; version: number; k1: number } | undefined {
    if (this.#items.length === 0) return undefined;
    return {
      item: this.#items[0] as number,
      version: this.#versions[0] as number,
      k1: this.#keys[0] as number,
    };
  }
  pop(): void {
    const n = this.#items.length - 1;
    if (n < 0) return;
    this.#swap(0, n);
    this.#keys.length = 3 * n;
    this.#items.pop();
    this.#versions.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.#less(r, l) ? r : l;
      if (!this.#less(c, i)) break;
      this.#swap(c, i);
      i = c;
    }
  }
}

export function simulatePrefixCache(
  chains: PrefixChains,
  policy: PrefixCachePolicy,
  capacityBlocks: number,
): CacheSimResult {
  switch (policy) {
    case 'prefix-lru':
      return simulateWholePrefixLru(chains, capacityBlocks);
    case 'llru':
    case 'lfu':
    case 'belady':
      return simulateLayered(chains, policy, capacityBlocks);
    default:
      return assertNever(policy);
  }
}

function leadingHitTokens(chains: PrefixChains, i: number, cached: (b: number) => boolean): number {
  let tokens = 0;
  for (let r = chains.offsets[i] as number; r < (chains.offsets[i + 1] as number); r++) {
    if (!cached(chains.blocks[r] as number)) break;
    tokens += chains.refTokens[r] as number;
  }
  return tokens;
}

function simulateLayered(
  chains: PrefixChains,
  policy: 'llru' | 'lfu' | 'belady',
  capacity: number,
): CacheSimResult {
  const n = chains.blockCount;
  const cached = new Uint8Array(n);
  const version = new Int32Array(n);
  const lastUse = new Float64Array(n).fill(-1);
  const freq = new Float64Array(n);
  const next = new Float64Array(n);
  const heap = new KeyHeap();
  const depth = chains.depth;
  const push = (b: number): void => {
    const d = -(depth[b] as number);
    if (policy === 'llru') heap.push(lastUse[b] as number, d, 0, b, version[b] as number);
    else if (policy === 'lfu')
      heap.push(freq[b] as number, lastUse[b] as number, d, b, version[b] as number);
    else heap.push(-(next[b] as number), d, 0, b, version[b] as number);
  };
  let used = 0;
  let hit = 0;
  let evictions = 0;
  const requests = chains.offsets.length - 1;
  for (let i = 0; i < requests; i++) {
    hit += leadingHitTokens(chains, i, (b) => cached[b] === 1);
    const stash: number[] = [];
    let inserting = capacity > 0;
    for (let r = chains.offsets[i] as number; r < (chains.offsets[i + 1] as number); r++) {
      const b = chains.blocks[r] as number;
      lastUse[b] = i;
      freq[b] = (freq[b] as number) + 1;
      next[b] = chains.nextUse[r] as number;
      version[b] = (version[b] as number) + 1;
      if (cached[b] === 1) {
        push(b);
        continue;
      }
      if (!inserting) continue;
      while (used >= capacity) {
        const top = heap.peek();
        if (top === undefined) break;
        heap.pop();
        if (cached[top.item] !== 1 || top.version !== version[top.item]) continue;
        if (policy === 'belady' && -top.k1 <= (next[b] as number)) {
          heap.push(top.k1, -(depth[top.item] as number), 0, top.item, top.version);
          break; // every cached block is used sooner than b: bypass b (and its deeper blocks)
        }
        if (lastUse[top.item] === i) {
          stash.push(top.item); // a block of this request: never evicted for it
          continue;
        }
        cached[top.item] = 0;
        used--;
        evictions++;
      }
      if (used >= capacity) {
        inserting = false;
        continue;
      }
      cached[b] = 1;
      used++;
      push(b);
    }
    for (const b of stash) push(b);
  }
  return {
    policy,
    capacityBlocks: capacity,
    hitRate: chains.totalPromptTokens > 0 ? hit / chains.totalPromptTokens : 0,
    evictions,
  };
}

function simulateWholePrefixLru(chains: PrefixChains, capacity: number): CacheSimResult {
  const refCount = new Int32Array(chains.blockCount);
  const unitsOf = new Map<number, Set<number>>();
  const unitLast = new Map<number, number>();
  const heap = new KeyHeap();
  let used = 0;
  let hit = 0;
  let evictions = 0;
  const chainOf = (unit: number): Int32Array =>
    chains.blocks.subarray(chains.offsets[unit] as number, chains.offsets[unit + 1] as number);
  const requests = chains.offsets.length - 1;
  for (let i = 0; i < requests; i++) {
    const chain = chainOf(i);
    let deepest = -1;
    for (const b of chain) {
      if ((refCount[b] as number) === 0) break;
      deepest = b;
    }
    hit += leadingHitTokens(chains, i, (b) => (refCount[b] as number) > 0);
    if (deepest >= 0) {
      for (const unit of unitsOf.get(deepest) ?? []) {
        unitLast.set(unit, i);
        heap.push(i, unit, 0, unit, i);
      }
    }
    let fresh = 0;
    for (const b of chain) if ((refCount[b] as number) === 0) fresh++;
    if (fresh === 0 || chain.length > capacity) continue;
    for (const b of chain) {
      if (refCount[b] === 0) used++;
      refCount[b] = (refCount[b] as number) + 1;
      let set = unitsOf.get(b);
      if (set === undefined) {
        set = new Set();
        unitsOf.set(b, set);
      }
      set.add(i);
    }
    unitLast.set(i, i);
    heap.push(i, i, 0, i, i);
    while (used > capacity) {
      const top = heap.peek();
      if (top === undefined) break;
      heap.pop();
      const unit = top.item;
      if (unit === i || unitLast.get(unit) !== top.version) {
        if (unit === i) heap.push(i, i, 0, i, i);
        if (unit === i) break;
        continue;
      }
      unitLast.delete(unit);
      evictions++;
      for (const b of chainOf(unit)) {
        refCount[b] = (refCount[b] as number) - 1;
        unitsOf.get(b)?.delete(unit);
        if (refCount[b] === 0) used--;
      }
    }
  }
  return {
    policy: 'prefix-lru',
    capacityBlocks: capacity,
    hitRate: chains.totalPromptTokens > 0 ? hit / chains.totalPromptTokens : 0,
    evictions,
  };
}
