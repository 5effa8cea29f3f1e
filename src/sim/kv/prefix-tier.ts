/**
 * A second, slower tier for prefix-cache blocks evicted from GPU memory: host DRAM, as LMCache
 * and Mooncake's store keep them. The GPU `BlockPool` offers every cached block it evicts; a
 * request whose GPU prefix hit stops at block h looks the following keys up here, and the blocks
 * it finds are copied back over PCIe instead of being prefilled again.
 *
 *   GPU pool:   [k0 k1 k2]  miss at k3
 *   host tier:           [k3 k4]  miss at k5     -> k3, k4 loaded (transfer), prefill from k5
 *
 * The tier has its own capacity (blocks) and eviction policy:
 * - `lru`: least recently offered or loaded block first;
 * - `llru`: layered LRU (algorithms.md §14): LRU over layers, but among blocks last used at the
 *   same time the deepest layer goes first (a prefix is shortened from its end, never cut in the
 *   middle). Blocks evicted from the GPU arrive tail first, so both keep the same chains here; the
 *   difference is which layer of a just-loaded chain is refreshed last.
 * It is a victim cache: a loaded block stays in the tier too (it may be evicted from the GPU again).
 */
export type PrefixTierPolicy = 'lru' | 'llru';
export const prefixTierPolicies: readonly PrefixTierPolicy[] = ['lru', 'llru'];

export interface PrefixTier {
  readonly capacityBlocks: number;
  readonly policy: PrefixTierPolicy;
  /** A cached block with `key` left GPU memory. */
  offer(key: number): void;
  /** How many of keys[from], keys[from + 1], ... (at most `limit` - from) the tier holds, in a row. */
  lookup(keys: ArrayLike<number>, from: number, limit: number): number;
  /** Keys [from, from + count) are copied to the GPU now: refreshes them. */
  load(keys: ArrayLike<number>, from: number, count: number): void;
  readonly stats: PrefixTierStats;
}

export interface PrefixTierStats {
  offered: number;
  evicted: number;
  loadedBlocks: number;
}

/**
 * The host tier: a recency list over keys (keys are the pool's dense non-negative integers), kept
 * in growable typed arrays (prev/next links, presence), so offer, lookup and load are O(1) per key.
 * `llru` refreshes a loaded chain deepest first, so its shallow layers end up most recent and are
 * evicted last; `lru` refreshes it in order, so the deepest layer is the most recent.
 */
export function createPrefixTier(capacityBlocks: number, policy: PrefixTierPolicy): PrefixTier {
  if (!Number.isInteger(capacityBlocks) || capacityBlocks < 0) {
    throw new RangeError(
      `prefix tier: capacity must be a non-negative integer, got ${capacityBlocks}`,
    );
  }
  // node i + 1 is key i; node 0 is the sentinel (head = least recent)
  let prev = new Int32Array(1024);
  let next = new Int32Array(1024);
  let present = new Uint8Array(1024);
  let size = 0;
  const stats: PrefixTierStats = { offered: 0, evicted: 0, loadedBlocks: 0 };
  const grow = (node: number): void => {
    if (node < present.length) return;
    const length = Math.max(node + 1, present.length * 2);
    const p = new Int32Array(length);
    p.set(prev);
    prev = p;
    const n = new Int32Array(length);
    n.set(next);
    next = n;
    const q = new Uint8Array(length);
    q.set(present);
    present = q;
  };
  const unlink = (node: number): void => {
    const a = prev[node] as number;
    const b = next[node] as number;
    next[a] = b;
    prev[b] = a;
  };
  const append = (node: number): void => {
    const tail = prev[0] as number;
    next[tail] = node;
    prev[node] = tail;
    next[node] = 0;
    prev[0] = node;
  };
  const touch = (key: number): void => {
    const node = key + 1;
    grow(node);
    if (present[node] === 1) unlink(node);
    else {
      present[node] = 1;
      size++;
    }
    append(node);
  };
  const trim = (): void => {
    while (size > capacityBlocks) {
      const oldest = next[0] as number;
      unlink(oldest);
      present[oldest] = 0;
      size--;
      stats.evicted++;
    }
  };
  return {
    capacityBlocks,
    policy,
    stats,
    offer(key) {
      if (capacityBlocks === 0) return;
      stats.offered++;
      touch(key);
      trim();
    },
    lookup(keys, from, limit) {
      let n = 0;
      const end = Math.min(limit, keys.length);
      while (from + n < end) {
        const node = (keys[from + n] as number) + 1;
        if (node >= present.length || present[node] !== 1) break;
        n++;
      }
      return n;
    },
    load(keys, from, count) {
      stats.loadedBlocks += count;
      if (policy === 'llru') {
        for (let i = from + count - 1; i >= from; i--) touch(keys[i] as number);
      } else {
        for (let i = from; i < from + count; i++) touch(keys[i] as number);
      }
    },
  };
}
