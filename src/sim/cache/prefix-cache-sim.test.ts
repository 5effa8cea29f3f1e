/**
 * Tests of the offline prefix-cache simulator: prefix chains, the cache policies against reference
 * models (LRU, Belady bound, LRU inclusion) and the Che approximation of the LRU hit rate.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { createRng } from '../../core/rng.js';
import { seconds, tokens } from '../../core/units.js';
import { approximateLlruHitRate } from './che-approximation.js';
import { prefixCachePolicies, simulatePrefixCache } from './prefix-cache-sim.js';
import { buildPrefixChains, type PrefixChains } from './prefix-chains.js';

/** Random multi-turn conversations: a request extends an earlier request's prefix or starts anew. */
function randomTrace(seed: number, count: number): SchedRequest[] {
  const rng = createRng(seed);
  const prompts: string[][] = [];
  const requests: SchedRequest[] = [];
  for (let i = 0; i < count; i++) {
    const base =
      prompts.length > 0 && rng.next() < 0.7
        ? (prompts[Math.floor(rng.next() * prompts.length)] as string[])
        : [`sys${Math.floor(rng.next() * 3)}`];
    const extra = 1 + Math.floor(rng.next() * 3);
    const chain = [...base, ...Array.from({ length: extra }, (_, k) => `u${i}.${k}`)];
    prompts.push(chain);
    // one prefix hash per 16-token block; one cache block of 16 tokens per hash below
    requests.push({
      id: requestId(String(i)),
      arrivalTime: seconds(i),
      promptTokens: tokens(chain.length * 16 + 5),
      outputTokens: tokens(1),
      prefixHashes: chain.map((_, k) => chain.slice(0, k + 1).join('/')),
    });
  }
  return requests;
}

/** Reference block LRU: an array ordered by recency; a request's blocks are touched in order. */
function naiveLlru(chains: PrefixChains, capacity: number): number {
  let order: number[] = []; // least recent first
  let hit = 0;
  for (let i = 0; i + 1 < chains.offsets.length; i++) {
    const chain = Array.from(
      chains.blocks.subarray(chains.offsets[i] as number, chains.offsets[i + 1] as number),
    );
    for (let j = 0; j < chain.length && order.includes(chain[j] as number); j++) hit += 16;
    // touched blocks become most recent, deepest last touched = evicted first among them? No:
    // on ties (same request) the deepest is evicted first, so put deeper blocks BEFORE shallower.
    order = order.filter((b) => !chain.includes(b));
    const touched = chain.slice(0, capacity).reverse();
    order.push(...touched);
    while (order.length > capacity) order.shift();
  }
  return hit / chains.totalPromptTokens;
}

describe('prefix chains', () => {
  it('gives equal ids to equal prefixes and the unbounded hit rate of a set-based count', () => {
    const trace = randomTrace(1, 200);
    const chains = buildPrefixChains(trace, 16);
    const seen = new Set<string>();
    let hit = 0;
    let total = 0;
    for (const r of trace) {
      const hashes = r.prefixHashes ?? [];
      let j = 0;
      while (j < hashes.length && seen.has(hashes[j] as string)) j++;
      hit += j * 16;
      total += r.promptTokens;
      for (const h of hashes) seen.add(h);
    }
    const unbounded = simulatePrefixCache(chains, 'llru', chains.blockCount).hitRate;
    expect(unbounded).toBeCloseTo(hit / total, 12);
  });

  it('rejects a trace without prefix hashes and a block size that is not a multiple of 16', () => {
    const bare = [
      { ...randomTrace(1, 1)[0], prefixHashes: undefined },
    ] as unknown as SchedRequest[];
    expect(() => buildPrefixChains(bare)).toThrow(/request 0 has no prefix hashes/);
    expect(() => buildPrefixChains(randomTrace(1, 2), 24)).toThrow(/multiple of 16/);
  });
});

describe('prefix cache policies', () => {
  const chains = buildPrefixChains(randomTrace(7, 400), 16);

  it('llru equals a reference LRU over blocks', () => {
    for (const capacity of [1, 3, 8, 20, 60]) {
      expect(simulatePrefixCache(chains, 'llru', capacity).hitRate).toBeCloseTo(
        naiveLlru(chains, capacity),
        12,
      );
    }
  });

  it('llru hit rate never falls as the cache grows (LRU inclusion), and Belady bounds all', () => {
    let previous = 0;
    for (const capacity of [0, 2, 5, 10, 20, 40, 80, 160, 320]) {
      const rates = Object.fromEntries(
        prefixCachePolicies.map((p) => [p, simulatePrefixCache(chains, p, capacity).hitRate]),
      );
      expect(rates['llru']).toBeGreaterThanOrEqual(previous - 1e-12);
      previous = rates['llru'] as number;
      for (const p of prefixCachePolicies) {
        expect(rates['belady']).toBeGreaterThanOrEqual((rates[p] as number) - 1e-12);
      }
    }
    const all = chains.blockCount;
    const unbounded = simulatePrefixCache(chains, 'llru', all).hitRate;
    expect(unbounded).toBeGreaterThanOrEqual(previous);
    for (const p of prefixCachePolicies) {
      expect(simulatePrefixCache(chains, p, all).hitRate).toBeCloseTo(unbounded, 12);
    }
  });

  it('Che windowed approximation: one window is renewal; exact at 0 and unbounded', () => {
    const sim = (c: number) => simulatePrefixCache(chains, 'llru', c).hitRate;
    for (const capacity of [10, 40, 160]) {
      expect(
        approximateLlruHitRate(chains, capacity, 'windowed', 'references', 1).hitRate,
      ).toBeCloseTo(approximateLlruHitRate(chains, capacity, 'renewal').hitRate, 12);
      const windowed = approximateLlruHitRate(chains, capacity, 'windowed').hitRate;
      expect(Math.abs(windowed - sim(capacity))).toBeLessThan(0.1);
    }
    expect(approximateLlruHitRate(chains, 0, 'windowed').hitRate).toBe(0);
    expect(approximateLlruHitRate(chains, chains.blockCount, 'windowed').hitRate).toBeCloseTo(
      sim(chains.blockCount),
      12,
    );
    expect(() => approximateLlruHitRate(chains, 10, 'windowed', 'references', 0)).toThrow(
      /windows must be a positive integer/,
    );
  });

  it('Che renewal approximation: exact at 0 and unbounded, close in between', () => {
    const sim = (c: number) => simulatePrefixCache(chains, 'llru', c).hitRate;
    expect(approximateLlruHitRate(chains, 0, 'renewal').hitRate).toBe(0);
    expect(approximateLlruHitRate(chains, chains.blockCount, 'renewal').hitRate).toBeCloseTo(
      sim(chains.blockCount),
      12,
    );
    for (const capacity of [10, 40, 160]) {
      const che = approximateLlruHitRate(chains, capacity, 'renewal').hitRate;
      expect(Math.abs(che - sim(capacity))).toBeLessThan(0.1);
    }
  });
});
