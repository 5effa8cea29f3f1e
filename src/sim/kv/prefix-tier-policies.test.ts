/**
 * Tests of every registered host-tier policy on a seeded stream of prefix chains (capacity
 * respected, a prefix shortened from its end, deterministic), and of what s3-fifo, arc and
 * w-tinylfu each add: scan resistance, ghost hits, frequency admission.
 */
import { describe, expect, it } from 'vitest';
import { createPrefixTier, type PrefixTierPolicy, prefixTierPolicies } from './prefix-tier.js';

/** 40 chains over a tree of shared prefixes: chain c = keys of its prefix chain, root first. */
function chains(): number[][] {
  const out: number[][] = [];
  let next = 0;
  for (let c = 0; c < 40; c++) {
    const parent = c >= 4 ? out[c % 4] : undefined;
    const shared = parent ? parent.slice(0, 2 + (c % 3)) : [];
    const own = Array.from({ length: 3 + ((c * 7) % 6) }, () => next++);
    out.push([...shared, ...own]);
  }
  return out;
}

interface Trace {
  /** Per request: blocks hit in the tier. */
  hits: number[];
  /** Most blocks held at once, counted after each request. */
  maxHeld: number;
  /** Blocks held past a chain's first missing block (a chain cut in the middle), summed. */
  stranded: number;
  stats: unknown;
}

/**
 * Requests in a seeded order (a few hot chains, many cold ones), each served as the simulator
 * does: the tier's prefix is loaded, then the GPU evicts the whole chain tail first (the loaded
 * blocks offered again, `reused` set 30% of the time, the computed ones new).
 */
function replay(policy: PrefixTierPolicy, capacity: number): Trace {
  const all = chains();
  const keys = [...new Set(all.flat())];
  const tier = createPrefixTier(capacity, policy);
  let seed = 12345;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const trace: Trace = { hits: [], maxHeld: 0, stranded: 0, stats: undefined };
  for (let i = 0; i < 600; i++) {
    const c = random() < 0.5 ? Math.floor(random() * 4) : 4 + Math.floor(random() * 36);
    const chain = all[c] as number[];
    const n = tier.lookup(chain, 0, chain.length);
    trace.hits.push(n);
    tier.load(chain, 0, n);
    // the GPU evicts the whole chain tail first; a GPU hit on a block is one on its prefix too
    const reused = random() < 0.3;
    for (let k = chain.length - 1; k >= 0; k--) tier.offer(chain[k] as number, k < n && reused);
    const held = keys.filter((key) => tier.lookup([key], 0, 1) === 1).length;
    trace.maxHeld = Math.max(trace.maxHeld, held);
    for (const ch of all) {
      const hit = tier.lookup(ch, 0, ch.length);
      for (let k = hit + 1; k < ch.length; k++) trace.stranded += tier.lookup(ch, k, k + 1);
    }
  }
  trace.stats = { ...tier.stats };
  return trace;
}

describe('every host-tier policy on a stream of prefix chains', () => {
  for (const policy of prefixTierPolicies) {
    it(`${policy}: holds at most its capacity, hits, and is deterministic`, () => {
      const a = replay(policy, 30);
      expect(a.maxHeld).toBeLessThanOrEqual(30);
      expect(a.maxHeld).toBeGreaterThanOrEqual(25);
      expect(a.hits.reduce((x, y) => x + y, 0)).toBeGreaterThan(0);
      expect(replay(policy, 30)).toEqual(a);
    });
  }

  it('the recency policies shorten a prefix from its end, never cut it in the middle', () => {
    for (const policy of ['lru', 'llru', 'slru', 'slru-ghost'] as const) {
      expect([policy, replay(policy, 30).stranded]).toEqual([policy, 0]);
    }
  });

  it('s3-fifo, arc and w-tinylfu can cut a chain: their queues are evicted independently', () => {
    // a chain extended by a later request may have its prefix in one queue (s3-fifo's main,
    // arc's T2) and its new blocks in another (small, T1), and w-tinylfu admits block by block;
    // the share of such blocks on the Mooncake trace: scripts/study-tier-policies.ts
    for (const policy of ['s3-fifo', 'arc', 'w-tinylfu'] as const) {
      expect(replay(policy, 30).stranded).toBeGreaterThan(0);
      expect(replay(policy, 300).stranded).toBe(0); // every chain fits
    }
  });
});

const held = (tier: ReturnType<typeof createPrefixTier>, keys: number[]): number[] =>
  keys.filter((key) => tier.lookup([key], 0, 1) === 1);

describe('s3-fifo', () => {
  it('one-hit wonders leave through the small queue; blocks hit there move to main', () => {
    const tier = createPrefixTier(10, 's3-fifo'); // small 1 block, main 9
    for (const key of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) tier.offer(key);
    tier.load([1, 2], 0, 2);
    tier.load([1, 2], 0, 2); // two hits each: they move to main when they reach the small's end
    for (let key = 100; key < 130; key++) tier.offer(key); // a scan of new blocks
    expect(held(tier, [1, 2])).toEqual([1, 2]);
    expect(tier.stats.evicted).toBe(30);
  });

  it('a block offered again while its key is in the ghost enters main', () => {
    const tier = createPrefixTier(10, 's3-fifo');
    for (let key = 1; key <= 11; key++) tier.offer(key); // 1 evicted to the ghost
    expect(held(tier, [1])).toEqual([]);
    tier.offer(1); // recomputed: a ghost hit, into main
    for (let key = 100; key < 104; key++) tier.offer(key); // main's FIFO evicts 2..5 first
    expect(held(tier, [1])).toEqual([1]);
  });
});

describe('arc', () => {
  it('keeps blocks read twice over a scan longer than the tier; llru does not', () => {
    const kept = (policy: 'arc' | 'llru'): number[] => {
      const tier = createPrefixTier(4, policy);
      tier.offer(2);
      tier.offer(1);
      tier.load([1, 2], 0, 2); // read twice: arc's T2
      for (let key = 10; key < 20; key++) tier.offer(key); // read once each: T1, evicted first
      return held(tier, [1, 2]);
    };
    expect(kept('arc')).toEqual([1, 2]);
    expect(kept('llru')).toEqual([]);
  });

  it('a ghost hit (recomputed after its eviction) enters T2 and outlives the next scan', () => {
    const kept = (policy: 'arc' | 'llru'): number[] => {
      const tier = createPrefixTier(4, policy);
      for (const key of [1, 2, 3]) tier.offer(key);
      tier.load([3], 0, 1); // arc: T1 = 1 2, T2 = 3
      tier.offer(4);
      tier.offer(5); // full: T1's least recent block (1) goes to the ghost list B1
      expect(held(tier, [1])).toEqual([]);
      tier.offer(1); // B1 hit: T1's target grows, 1 enters T2
      for (let key = 10; key < 14; key++) tier.offer(key);
      return held(tier, [1, 3]);
    };
    expect(kept('arc')).toEqual([1, 3]);
    expect(kept('llru')).toEqual([]);
  });
});

describe('w-tinylfu', () => {
  it('admits a window candidate only when read more often than main`s victim', () => {
    const tier = createPrefixTier(100, 'w-tinylfu'); // window 1, main 99
    for (let key = 0; key < 100; key++) tier.offer(key);
    tier.load(
      Array.from({ length: 99 }, (_, k) => k),
      0,
      99,
    ); // main's blocks read twice
    for (let key = 1000; key < 1050; key++) tier.offer(key); // read once: rejected
    expect(held(tier, [1000, 1001, 1048])).toEqual([]);
    expect(held(tier, [0, 50, 98])).toEqual([0, 50, 98]);
    tier.offer(3000, true); // new, with a GPU hit: counted read twice
    tier.offer(3000, true); // a third read while in the window
    tier.offer(3001); // pushes 3000 out of the window: 3 reads beat the victim's 2
    expect(held(tier, [3000])).toEqual([3000]);
  });
});
