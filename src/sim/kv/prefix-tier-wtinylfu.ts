/**
 * `w-tinylfu`: the host tier's W-TinyLFU (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient
 * Cache Admission Policy", ACM TOS 2017; the layout of Caffeine's BoundedLocalCache): a window LRU
 * of 1% of the capacity in front of a main segmented LRU (99%: probation 20%, protected 80% of it),
 * and a count-min frequency sketch of recent reads (tier-frequency-sketch.ts, halved every 10 x
 * capacity reads). New blocks enter the window; the window's least recent block (the candidate)
 * enters main while main has room, else it is admitted only if the sketch counts it read more
 * often than main's victim (probation's least recent block), which it then replaces; a rejected
 * candidate leaves. A read of a probation block moves it to protected, whose least recent block is
 * demoted to probation when protected is over its share. Left out of Caffeine: its hill climber
 * that resizes the window (the paper's fixed 1%), and its random admission of a 1/128 share of
 * candidates with frequency above 5 (a defence against hash flooding).
 * Adaptation to the tier (as `llru`/`slru` do): a read is a load (every loaded block, deepest
 * first, so a chain's shallow blocks end most recent and a prefix is shortened from its end), an
 * offer with `reused` set (the block served a prefix hit in GPU memory; counted as two reads when
 * it is new here), or the offer of a new block (its first read: it was computed). An offer of a
 * block the tier holds without `reused` is no read: it refreshes the block within its segment.
 * The GPU offers a chain tail first, so the window hands main a chain's deepest block first; a
 * chain's reads do not increase with depth, so admission rarely keeps a deep block without its
 * shallower ones.
 */
import type { PrefixTier, PrefixTierStats } from './prefix-tier.js';
import { TierFrequencySketch } from './tier-frequency-sketch.js';
import { TierKeyLists } from './tier-key-lists.js';

/** Main's share of the capacity (Caffeine's initial PERCENT_MAIN: a 1% window). */
export const wtinylfuMainShare = 0.99;
/** Protected's share of main (Caffeine's PERCENT_MAIN_PROTECTED). */
export const wtinylfuProtectedShare = 0.8;

const window = 0;
const probation = 1;
const protectedList = 2;

export interface WTinyLfuOptions {
  /** Main's share of the capacity (default `wtinylfuMainShare`; the window has the rest). */
  readonly mainShare?: number;
}

export function createWTinyLfuTier(
  capacityBlocks: number,
  options: WTinyLfuOptions = {},
): PrefixTier {
  const mainCap = Math.floor(capacityBlocks * (options.mainShare ?? wtinylfuMainShare));
  const windowCap = capacityBlocks - mainCap;
  const protectedCap = Math.floor(mainCap * wtinylfuProtectedShare);
  const lists = new TierKeyLists(3);
  const sketch = new TierFrequencySketch(capacityBlocks);
  const stats: PrefixTierStats = { offered: 0, evicted: 0, loadedBlocks: 0 };
  const mainSize = (): number => lists.size(probation) + lists.size(protectedList);
  const read = (key: number): void => {
    sketch.increment(key);
    const at = lists.listOf(key);
    if (at === window) {
      lists.append(key, window);
      return;
    }
    lists.append(key, protectedList);
    while (lists.size(protectedList) > protectedCap) {
      lists.append(lists.oldest(protectedList), probation);
    }
  };
  /** Moves the window's overflow into main, by admission when main is full. */
  const evictWindow = (): void => {
    while (lists.size(window) > windowCap) {
      const candidate = lists.oldest(window);
      if (mainSize() < mainCap) {
        lists.append(candidate, probation);
        continue;
      }
      const victim =
        lists.size(probation) > 0 ? lists.oldest(probation) : lists.oldest(protectedList);
      if (victim >= 0 && sketch.frequency(candidate) > sketch.frequency(victim)) {
        lists.remove(victim);
        lists.append(candidate, probation);
      } else lists.remove(candidate);
      stats.evicted++;
    }
  };
  return {
    capacityBlocks,
    policy: 'w-tinylfu',
    stats,
    offer(key, reused = false) {
      if (capacityBlocks === 0) return;
      stats.offered++;
      const at = lists.listOf(key);
      if (at === window || at === probation || at === protectedList) {
        if (reused) read(key);
        else lists.append(key, at);
        return;
      }
      sketch.increment(key);
      if (reused) sketch.increment(key);
      lists.append(key, window);
      evictWindow();
    },
    lookup(keys, from, limit) {
      return lists.heldRun(
        keys,
        from,
        limit,
        (1 << window) | (1 << probation) | (1 << protectedList),
      );
    },
    load(keys, from, count) {
      stats.loadedBlocks += count;
      for (let i = from + count - 1; i >= from; i--) read(keys[i] as number);
    },
  };
}
