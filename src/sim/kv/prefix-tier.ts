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
 * - `slru`: segmented LRU (Karedla, Love, Wherry 1994) over the `llru` order: a block enters a
 *   probation segment; a block that was reused (loaded from here, or hit in GPU memory before it
 *   was evicted) moves to a protected segment of `slruProtectedShare` of the capacity; protected
 *   blocks pushed out of it go back to probation, and eviction takes probation first. Blocks read
 *   by only one request (58% of the Mooncake trace's) then leave before the reused ones.
 * - `slru-ghost`: `slru` plus a ghost history (as 2Q's A1out, Johnson and Shasha, VLDB 1994, and
 *   ARC's B1/B2 keep one): one bit per key ever offered, so a block offered again after this tier
 *   evicted it (a later request recomputed it) counts as reused and enters the protected segment.
 *   Why: on the Mooncake trace a block read by one request is read again with probability 0.42,
 *   one read twice with 0.84; without the ghost a recomputed block looks new (our combination;
 *   measured in docs/policies/group-eps.md).
 * - `s3-fifo`, `arc`, `w-tinylfu`: the published policies built for many one-hit wonders and
 *   scans, adapted to prefix chains the same way (prefix-tier-s3fifo.ts, prefix-tier-arc.ts,
 *   prefix-tier-wtinylfu.ts; sources and defaults in their module docs).
 * It is a victim cache: a loaded block stays in the tier too (it may be evicted from the GPU again).
 */
import { createArcTier } from './prefix-tier-arc.js';
import { createS3FifoTier } from './prefix-tier-s3fifo.js';
import { createWTinyLfuTier } from './prefix-tier-wtinylfu.js';

export type PrefixTierPolicy =
  | 'lru'
  | 'llru'
  | 'slru'
  | 'slru-ghost'
  | 's3-fifo'
  | 'arc'
  | 'w-tinylfu';
/** The tier policies by name (the CLI's `--host-tier-policy`): each builds a tier of a capacity. */
const tierFactories: { readonly [P in PrefixTierPolicy]: (capacityBlocks: number) => PrefixTier } =
  {
    lru: (capacity) => createRecencyTier(capacity, 'lru'),
    llru: (capacity) => createRecencyTier(capacity, 'llru'),
    slru: (capacity) => createRecencyTier(capacity, 'slru'),
    'slru-ghost': (capacity) => createRecencyTier(capacity, 'slru-ghost'),
    's3-fifo': (capacity) => createS3FifoTier(capacity),
    arc: (capacity) => createArcTier(capacity),
    'w-tinylfu': (capacity) => createWTinyLfuTier(capacity),
  };
export const prefixTierPolicies = Object.keys(tierFactories) as readonly PrefixTierPolicy[];
/** `slru`, `slru-ghost`: the protected segment's share of the capacity (the common 80/20 split). */
export const slruProtectedShare = 0.8;

export interface PrefixTier {
  readonly capacityBlocks: number;
  readonly policy: PrefixTierPolicy;
  /** A cached block with `key` left GPU memory; `reused`: it served a prefix hit there. */
  offer(key: number, reused?: boolean): void;
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

const probation = 0;
const protectedList = 1;
const absent = 255;

/** A host tier of `capacityBlocks` blocks evicting by `policy` (one of `prefixTierPolicies`). */
export function createPrefixTier(capacityBlocks: number, policy: PrefixTierPolicy): PrefixTier {
  if (!Number.isInteger(capacityBlocks) || capacityBlocks < 0) {
    throw new RangeError(
      `prefix tier: capacity must be a non-negative integer, got ${capacityBlocks}`,
    );
  }
  return tierFactories[policy](capacityBlocks);
}

/**
 * The recency-list policies (`lru`, `llru`, `slru`, `slru-ghost`): lists over keys (the pool's
 * dense non-negative integers), kept in growable typed arrays (prev/next links, segment), so
 * offer, lookup and load are O(1) per key.
 * Node key + 2 is key; nodes 0 and 1 are the sentinels of the probation and protected lists
 * (head = least recent); `lru` and `llru` use the probation list only.
 * `llru` and `slru` refresh a loaded chain deepest first, so its shallow layers end up most recent
 * and are evicted last; `lru` refreshes it in order, so the deepest layer is the most recent.
 */
function createRecencyTier(
  capacityBlocks: number,
  policy: 'lru' | 'llru' | 'slru' | 'slru-ghost',
): PrefixTier {
  let prev = new Int32Array(1024);
  let next = new Int32Array(1024);
  let segment = new Uint8Array(1024).fill(absent);
  const ghost = policy === 'slru-ghost';
  const segmented = policy === 'slru' || ghost;
  /** `slru-ghost`: 1 for every key ever offered (the ghost history), indexed by node. */
  let seen = new Uint8Array(ghost ? 1024 : 0);
  const sizes = new Int32Array(2);
  const protectedCap = segmented ? Math.floor(capacityBlocks * slruProtectedShare) : 0;
  for (const s of [probation, protectedList]) {
    prev[s] = s;
    next[s] = s;
  }
  const stats: PrefixTierStats = { offered: 0, evicted: 0, loadedBlocks: 0 };
  const grow = (node: number): void => {
    if (node < segment.length) return;
    const length = Math.max(node + 1, segment.length * 2);
    const p = new Int32Array(length);
    p.set(prev);
    prev = p;
    const n = new Int32Array(length);
    n.set(next);
    next = n;
    const q = new Uint8Array(length).fill(absent);
    q.set(segment);
    segment = q;
    if (seen.length > 0) {
      const g = new Uint8Array(length);
      g.set(seen);
      seen = g;
    }
  };
  const unlink = (node: number): void => {
    const a = prev[node] as number;
    const b = next[node] as number;
    next[a] = b;
    prev[b] = a;
    const list = segment[node] as number;
    sizes[list] = (sizes[list] as number) - 1;
    segment[node] = absent;
  };
  const append = (node: number, list: number): void => {
    const tail = prev[list] as number;
    next[tail] = node;
    prev[node] = tail;
    next[node] = list;
    prev[list] = node;
    segment[node] = list;
    sizes[list] = (sizes[list] as number) + 1;
  };
  /** Moves `key` to the most recent end of `list` (or of the list it is in, when protected). */
  const touch = (key: number, list: number): void => {
    const node = key + 2;
    grow(node);
    const at = segment[node] as number;
    if (at !== absent) unlink(node);
    append(node, at === protectedList ? protectedList : list);
  };
  const trim = (): void => {
    while ((sizes[protectedList] as number) > protectedCap) {
      const oldest = next[protectedList] as number;
      unlink(oldest);
      append(oldest, probation);
    }
    while ((sizes[probation] as number) + (sizes[protectedList] as number) > capacityBlocks) {
      const list = (sizes[probation] as number) > 0 ? probation : protectedList;
      unlink(next[list] as number);
      stats.evicted++;
    }
  };
  const reusedList = segmented ? protectedList : probation;
  return {
    capacityBlocks,
    policy,
    stats,
    offer(key, reused = false) {
      if (capacityBlocks === 0) return;
      stats.offered++;
      const node = key + 2;
      grow(node);
      // slru-ghost: offered again while absent = evicted from here earlier and recomputed since
      const again = ghost && seen[node] === 1 && segment[node] === absent;
      if (ghost) seen[node] = 1;
      touch(key, reused || again ? reusedList : probation);
      trim();
    },
    lookup(keys, from, limit) {
      let n = 0;
      const end = Math.min(limit, keys.length);
      while (from + n < end) {
        const node = (keys[from + n] as number) + 2;
        if (node >= segment.length || segment[node] === absent) break;
        n++;
      }
      return n;
    },
    load(keys, from, count) {
      stats.loadedBlocks += count;
      if (policy === 'lru') {
        for (let i = from; i < from + count; i++) touch(keys[i] as number, probation);
      } else {
        for (let i = from + count - 1; i >= from; i--) touch(keys[i] as number, reusedList);
      }
      trim();
    },
  };
}
