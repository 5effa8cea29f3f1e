/** Tests of the host prefix tier (lru, llru, slru, slru-ghost) alone and inside the simulator. */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { seconds, tokens } from '../../core/units.js';
import { runSimulation } from '../run-simulation.js';
import { createPrefixTier } from './prefix-tier.js';

describe('prefix tier', () => {
  it('finds consecutive keys from a position and evicts the least recent beyond capacity', () => {
    const tier = createPrefixTier(3, 'llru');
    for (const key of [5, 6, 7]) tier.offer(key);
    expect(tier.lookup([1, 5, 6, 7, 8], 1, 5)).toBe(3);
    expect(tier.lookup([1, 5, 6, 7, 8], 0, 5)).toBe(0);
    expect(tier.lookup([5, 6, 7], 0, 2)).toBe(2);
    tier.offer(9); // evicts 5, the least recent
    expect(tier.lookup([5, 6, 7], 0, 3)).toBe(0);
    expect(tier.lookup([6, 7, 9], 0, 3)).toBe(3);
    expect(tier.stats).toEqual({ offered: 4, evicted: 1, loadedBlocks: 0 });
  });

  it('llru keeps the shallow layers of a loaded chain longest; lru cuts the chain at its root', () => {
    const survivors = (policy: 'lru' | 'llru'): number => {
      const tier = createPrefixTier(3, policy);
      for (const key of [3, 2, 1]) tier.offer(key); // a chain 1 -> 2 -> 3, offered tail first
      tier.load([1, 2, 3], 0, 3);
      tier.offer(100); // one unrelated block pushes the least recent layer out
      return tier.lookup([1, 2, 3], 0, 3);
    };
    expect(survivors('llru')).toBe(2); // 3 evicted: the prefix 1, 2 still hits
    expect(survivors('lru')).toBe(0); // 1 evicted: nothing of the chain hits any more
  });

  it('slru keeps reused blocks over blocks read once; llru evicts by recency alone', () => {
    const kept = (policy: 'llru' | 'slru'): number[] => {
      const tier = createPrefixTier(5, policy);
      tier.offer(1, true); // served a hit in GPU memory before it was evicted
      for (const key of [2, 3, 4, 5]) tier.offer(key, false);
      tier.load([3], 0, 1); // loaded back from the tier: reused too
      for (const key of [6, 7, 8]) tier.offer(key, false);
      return [1, 2, 3, 4, 5, 6, 7, 8].filter((key) => tier.lookup([key], 0, 1) === 1);
    };
    expect(kept('slru')).toEqual([1, 3, 6, 7, 8]);
    expect(kept('llru')).toEqual([3, 5, 6, 7, 8]);
  });

  it('slru demotes the least recent protected block to probation when the segment is full', () => {
    const tier = createPrefixTier(5, 'slru'); // protected segment: 4 blocks
    for (const key of [1, 2, 3, 4, 5]) tier.offer(key, true);
    tier.offer(6, false); // 1 was demoted to probation when 5 arrived; it goes first
    expect([1, 2, 3, 4, 5, 6].filter((key) => tier.lookup([key], 0, 1) === 1)).toEqual([
      2, 3, 4, 5, 6,
    ]);
    expect(tier.stats.evicted).toBe(1);
  });

  it('slru-ghost protects a block offered again after its eviction (recomputed); slru does not', () => {
    const kept = (policy: 'slru' | 'slru-ghost'): number[] => {
      const tier = createPrefixTier(5, policy);
      for (const key of [1, 2, 3, 4, 5, 6]) tier.offer(key, false); // 1 evicted
      tier.offer(1, false); // a later request recomputed 1 (2 evicted): reused under slru-ghost
      for (const key of [7, 8, 9, 10, 11]) tier.offer(key, false);
      return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].filter((key) => tier.lookup([key], 0, 1) === 1);
    };
    expect(kept('slru-ghost')).toEqual([1, 8, 9, 10, 11]);
    expect(kept('slru')).toEqual([7, 8, 9, 10, 11]);
  });

  it('a zero-capacity tier holds nothing; capacity is validated', () => {
    const tier = createPrefixTier(0, 'lru');
    tier.offer(1);
    expect(tier.lookup([1], 0, 1)).toBe(0);
    expect(() => createPrefixTier(-1, 'lru')).toThrow(/non-negative integer/);
  });
});

describe('host tier in the simulator', () => {
  // 6 applications with 512-token system prompts, round-robin: a 40-block GPU pool cannot keep
  // them all, so each prefix is evicted before the application's next request
  const requests: SchedRequest[] = Array.from({ length: 60 }, (_, i) => {
    const app = `app${i % 6}`;
    return {
      id: requestId(String(i)),
      arrivalTime: seconds(i * 2),
      promptTokens: tokens(512 + 64),
      outputTokens: tokens(4),
      group: app,
      prefixHashes: Array.from({ length: 32 }, (_, k) => `${app}:${k}`),
    };
  });
  const run = (tierTokens: number) =>
    runSimulation({
      requests,
      policy: 'vllm-fcfs',
      limits: { totalBlocks: 40, watermarkBlocks: 0 },
      hostTier: { tokens: tierTokens },
    });

  it('serves evicted prefixes from host memory: more hits, loads charged, every request done', () => {
    const without = run(0);
    const withTier = run(6 * 512);
    expect(without.summary.completed).toBe(60);
    expect(withTier.summary.completed).toBe(60);
    expect(without.replicas[0]?.tierLoadedBlocks).toBe(0);
    expect(withTier.replicas[0]?.tierLoadedBlocks).toBeGreaterThan(0);
    expect(withTier.summary.prefixHitRate).toBeGreaterThan(without.summary.prefixHitRate + 0.5);
  });

  it('slru keeps a reused system prompt that a stream of one-off prompts pushes out of llru', () => {
    // "hot" is read twice in a row (a GPU hit marks it reused), then between its later requests
    // come three one-off 512-token prompts; the tier holds two prompts' blocks
    const order = ['hot', 'hot'];
    for (let k = 0; k < 8; k++) order.push(`u${3 * k}`, `u${3 * k + 1}`, `u${3 * k + 2}`, 'hot');
    const stream: SchedRequest[] = order.map((app, i) => ({
      id: requestId(String(i)),
      arrivalTime: seconds(i * 2),
      promptTokens: tokens(512 + 64),
      outputTokens: tokens(4),
      group: app,
      prefixHashes: Array.from({ length: 32 }, (_, k) => `${app}:${k}`),
    }));
    const hit = (policy: 'llru' | 'slru'): number => {
      const { summary } = runSimulation({
        requests: stream,
        policy: 'vllm-fcfs',
        limits: { totalBlocks: 40, watermarkBlocks: 0 },
        hostTier: { tokens: 2 * 512, policy },
      });
      expect(summary.completed).toBe(stream.length);
      return summary.prefixHitRate;
    };
    expect(hit('slru')).toBeGreaterThan(hit('llru') + 0.2);
  });
});
