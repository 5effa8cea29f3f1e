/**
 * `s3-fifo`: the host tier's S3-FIFO eviction (Yang, Zhang, Qiu, Yue, Rashmi, "FIFO queues are
 * all you need for cache eviction", SOSP 2023; defaults of the authors' libCacheSim S3FIFO.c):
 * a small FIFO S of 10% of the capacity, a main FIFO M of the rest, a ghost FIFO G of the keys of
 * 90% of the capacity, a 2-bit access counter per block (0..3).
 * - A new block enters S, or M when its key is in G (evicted from S earlier, read again since).
 * - A hit adds 1 to the block's counter (capped at 3); FIFO order does not change.
 * - Eviction, when the tier is over capacity: from M if M is over its share (or S is empty),
 *   else from S. S's oldest block moves to M (counter cleared) if it was hit at least
 *   `s3fifoMoveToMainThreshold` times while in S, else it leaves for G. M's oldest block is
 *   reinserted at M's newest end with its counter less 1 while the counter is above 0, else it
 *   leaves (FIFO-reinsertion, a 2-bit CLOCK).
 * Adaptation to the tier (as `llru` does): a load is a hit on every loaded block (FIFO order
 * unchanged); a block the GPU pool evicts is inserted, and one the tier still holds (it was loaded)
 * is re-inserted at its queue's newest end with its counter kept (in a victim cache every block
 * coming down from the GPU is an insertion); with `reused` set (it served a prefix hit in GPU
 * memory) that is a hit too, and a new block offered with `reused` starts with its counter at 1.
 * The pool offers a chain's blocks tail first, so in each FIFO a chain's deepest block is the
 * oldest and goes first (a prefix is shortened from its end, even when a later request extended
 * it), and a chain's counters do not increase with depth (a request that reads a block reads its
 * whole prefix), so reinsertion keeps the shallow blocks at least as long as the deep ones.
 * The ghost is a FIFO of keys only (no KV), capped by key count; a key leaves it on a ghost hit.
 */
import type { PrefixTier, PrefixTierStats } from './prefix-tier.js';
import { TierKeyLists } from './tier-key-lists.js';

/** S's share of the capacity (S3-FIFO's default 10%). */
export const s3fifoSmallShare = 0.1;
/** G's key count as a share of the capacity in blocks (libCacheSim's ghost-size-ratio 0.9). */
export const s3fifoGhostShare = 0.9;
/**
 * Hits in S needed to move to M: 2 in the authors' current libCacheSim (`move-to-main-threshold`,
 * the paper's Algorithm 1 reads `freq > 1`); 1 in their pre-2024 default.
 */
export const s3fifoMoveToMainThreshold = 2;

const small = 0;
const main = 1;
const ghost = 2;
const maxFreq = 3;

/** Other values than the defaults above (scripts/study-tier-policies.ts --sweep). */
export interface S3FifoOptions {
  readonly smallShare?: number;
  readonly ghostShare?: number;
  readonly moveToMainThreshold?: number;
}

export function createS3FifoTier(capacityBlocks: number, options: S3FifoOptions = {}): PrefixTier {
  const smallShare = options.smallShare ?? s3fifoSmallShare;
  const ghostCap = Math.floor(capacityBlocks * (options.ghostShare ?? s3fifoGhostShare));
  const threshold = options.moveToMainThreshold ?? s3fifoMoveToMainThreshold;
  const mainCap = capacityBlocks - Math.floor(capacityBlocks * smallShare);
  const lists = new TierKeyLists(3);
  const stats: PrefixTierStats = { offered: 0, evicted: 0, loadedBlocks: 0 };
  const held = (): number => lists.size(small) + lists.size(main);
  const hit = (key: number): void => {
    lists.setMark(key, Math.min(maxFreq, lists.mark(key) + 1));
  };
  const toGhost = (key: number): void => {
    if (ghostCap <= 0) {
      lists.remove(key);
      return;
    }
    lists.append(key, ghost);
    while (lists.size(ghost) > ghostCap) lists.remove(lists.oldest(ghost));
  };
  const evictMain = (): void => {
    for (;;) {
      const key = lists.oldest(main);
      if (key < 0) return;
      const freq = lists.mark(key);
      if (freq > 0) {
        lists.setMark(key, freq - 1);
        lists.append(key, main);
      } else {
        lists.remove(key);
        stats.evicted++;
        return;
      }
    }
  };
  const evictSmall = (): void => {
    for (;;) {
      const key = lists.oldest(small);
      if (key < 0) return;
      if (lists.mark(key) >= threshold) {
        lists.setMark(key, 0);
        lists.append(key, main);
      } else {
        toGhost(key);
        stats.evicted++;
        return;
      }
    }
  };
  const evict = (): void => {
    if (lists.size(main) > mainCap || lists.size(small) === 0) evictMain();
    else evictSmall();
  };
  return {
    capacityBlocks,
    policy: 's3-fifo',
    stats,
    offer(key, reused = false) {
      if (capacityBlocks === 0) return;
      stats.offered++;
      const at = lists.listOf(key);
      if (at === small || at === main) {
        // the GPU evicted it again: re-inserted at its queue's newest end, counter kept
        lists.append(key, at);
        if (reused) hit(key);
        return;
      }
      while (held() >= capacityBlocks) evict();
      lists.append(key, at === ghost ? main : small);
      lists.setMark(key, reused ? 1 : 0);
    },
    lookup(keys, from, limit) {
      return lists.heldRun(keys, from, limit, (1 << small) | (1 << main));
    },
    load(keys, from, count) {
      stats.loadedBlocks += count;
      for (let i = from; i < from + count; i++) hit(keys[i] as number);
    },
  };
}
