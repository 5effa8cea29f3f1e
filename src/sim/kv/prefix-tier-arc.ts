/**
 * `arc`: the host tier's Adaptive Replacement Cache (Megiddo and Modha, "ARC: A Self-Tuning, Low
 * Overhead Replacement Cache", FAST 2003; the paper's Fig. 4 algorithm, no parameter): two LRU
 * lists of cached blocks, T1 (read once recently) and T2 (read at least twice), and two ghost
 * lists of keys only, B1 and B2 (keys recently evicted from T1 and T2). A target size p of T1
 * adapts: a read of a key in B1 (recency would have kept it) grows p, one in B2 shrinks it; when
 * the tier is full, REPLACE evicts T1's least recent block to B1 if T1 is above p (or at p and the
 * read hit B2), else T2's to B2. |T1| + |B1| <= c and all four lists <= 2c (c = capacity blocks).
 * `slru` fixes the split at 80/20 instead.
 * Adaptation to the tier (as `llru`/`slru` do): a read is a load (every loaded block, deepest
 * first, so the chain's shallow blocks end most recent and a prefix is shortened from its end),
 * an offer with `reused` set (the block served a prefix hit in GPU memory since it was last here,
 * or before it was first offered: it then enters T2 directly, read twice), or an offer of a key
 * absent from the tier (the GPU recomputed it: ARC's miss; a key in B1/B2 is a ghost hit). An offer
 * of a block the tier holds without `reused` is no read: it refreshes the block within its list.
 */
import type { PrefixTier, PrefixTierStats } from './prefix-tier.js';
import { TierKeyLists } from './tier-key-lists.js';

const t1 = 0;
const t2 = 1;
const b1 = 2;
const b2 = 3;

export function createArcTier(capacityBlocks: number): PrefixTier {
  const c = capacityBlocks;
  const lists = new TierKeyLists(4);
  const stats: PrefixTierStats = { offered: 0, evicted: 0, loadedBlocks: 0 };
  /** T1's target size, 0..c. */
  let p = 0;
  const size = (list: number): number => lists.size(list);
  /** Evicts one block to its ghost list when the tier is full (ARC's REPLACE). */
  const replace = (hitB2: boolean): void => {
    if (size(t1) + size(t2) < c) return;
    const fromT1 = size(t1) >= 1 && ((hitB2 && size(t1) === p) || size(t1) > p);
    const list = fromT1 || size(t2) === 0 ? t1 : t2;
    lists.append(lists.oldest(list), list === t1 ? b1 : b2);
    stats.evicted++;
  };
  const read = (key: number, twice: boolean): void => {
    const at = lists.listOf(key);
    if (at === t1 || at === t2) {
      lists.append(key, t2);
      return;
    }
    if (at === b1) {
      p = Math.min(c, p + Math.max(1, size(b2) / size(b1)));
      replace(false);
      lists.append(key, t2);
      return;
    }
    if (at === b2) {
      p = Math.max(0, p - Math.max(1, size(b1) / size(b2)));
      replace(true);
      lists.append(key, t2);
      return;
    }
    const l1 = size(t1) + size(b1);
    if (l1 >= c) {
      if (size(t1) < c) {
        lists.remove(lists.oldest(b1));
        replace(false);
      } else {
        lists.remove(lists.oldest(t1));
        stats.evicted++;
      }
    } else if (l1 + size(t2) + size(b2) >= c) {
      if (l1 + size(t2) + size(b2) >= 2 * c) lists.remove(lists.oldest(b2));
      replace(false);
    }
    lists.append(key, twice ? t2 : t1);
  };
  return {
    capacityBlocks,
    policy: 'arc',
    stats,
    offer(key, reused = false) {
      if (c === 0) return;
      stats.offered++;
      const at = lists.listOf(key);
      if ((at === t1 || at === t2) && !reused) lists.append(key, at);
      else read(key, reused);
    },
    lookup(keys, from, limit) {
      return lists.heldRun(keys, from, limit, (1 << t1) | (1 << t2));
    },
    load(keys, from, count) {
      stats.loadedBlocks += count;
      for (let i = from + count - 1; i >= from; i--) read(keys[i] as number, true);
    },
  };
}
