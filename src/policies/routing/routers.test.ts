/**
 * Tests of the routers: the registry, round-robin, least-outstanding, prefix-affinity (SGLang
 * cache_aware, with its imbalance fallback), power-of-d and the llm-d weighted profile.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { type ReplicaId, replicaId } from '../../core/ids.js';
import { sampleReplicas } from './power-of-d.js';
import { isImbalanced } from './prefix-affinity.js';
import type { ReplicaView, RoutingRequest } from './replica-view.js';
import { createRouter, routerNames } from './router-registry.js';

interface Load {
  readonly outstanding?: number;
  readonly work?: number;
  readonly waiting?: number;
  readonly kv?: number;
  /** Hashes this replica has cached (leading-run match, 16 tokens each). */
  readonly cached?: readonly string[];
}

function replicas(...loads: Load[]): ReplicaView[] {
  return loads.map((load, i) => ({
    id: replicaId(i),
    outstandingRequests: load.outstanding ?? 0,
    outstandingPredictedTokens: load.work ?? 0,
    waiting: load.waiting ?? 0,
    kvUtilization: load.kv ?? 0,
    cachedPrefix(hashes) {
      const cached = new Set(load.cached ?? []);
      let k = 0;
      while (k < hashes.length && cached.has(hashes[k] ?? '')) k++;
      return k * 16;
    },
  }));
}

const request = (seq: number, extra: Partial<RoutingRequest> = {}): RoutingRequest => ({
  seq,
  promptTokens: 64,
  ...extra,
});
const sys = ['s:0', 's:1', 's:2', 's:3']; // 64 tokens

describe('router registry', () => {
  it.each(routerNames)('%s is pure: same inputs, same replica; always a given replica', (name) => {
    const router = createRouter(name);
    const views = replicas(
      { outstanding: 3, work: 90, kv: 0.5 },
      { outstanding: 1, work: 300 },
      { outstanding: 2 },
    );
    for (let seq = 0; seq < 50; seq++) {
      const chosen = router.route(request(seq, { prefixHashes: sys }), views);
      expect(router.route(request(seq, { prefixHashes: sys }), views)).toBe(chosen);
      expect([0, 1, 2]).toContain(chosen);
    }
  });
  it('lists known routers and parameters on a bad name', () => {
    expect(() => createRouter('random')).toThrow(
      /unknown router 'random'; known: round-robin, least-outstanding/,
    );
    expect(() => createRouter('power-of-d:k=3')).toThrow(/known: d$/);
    expect(() => createRouter('power-of-d:d=x')).toThrow(SchedulerError);
    expect(createRouter('power-of-d:d=3').name).toBe('power-of-3');
  });
});

describe('round-robin', () => {
  it('cycles by request seq', () => {
    const router = createRouter('round-robin');
    const views = replicas({}, {}, {});
    expect([0, 1, 2, 3, 4].map((seq) => router.route(request(seq), views))).toEqual([
      0, 1, 2, 0, 1,
    ]);
  });
});

describe('least-outstanding', () => {
  it('picks the fewest outstanding, then least predicted work, then lowest id', () => {
    const router = createRouter('least-outstanding');
    expect(
      router.route(
        request(0),
        replicas({ outstanding: 4 }, { outstanding: 2 }, { outstanding: 3 }),
      ),
    ).toBe(1);
    expect(
      router.route(
        request(0),
        replicas({ outstanding: 2, work: 50 }, { outstanding: 2, work: 10 }, { outstanding: 5 }),
      ),
    ).toBe(1);
    expect(router.route(request(0), replicas({ outstanding: 1 }, { outstanding: 1 }))).toBe(0);
  });
});

describe('prefix-affinity (SGLang cache_aware)', () => {
  const router = createRouter('prefix-affinity');
  it('follows the longest cached prefix when the match rate exceeds 0.5', () => {
    const views = replicas({ outstanding: 5 }, { outstanding: 9, cached: sys }, { outstanding: 0 });
    expect(router.route(request(0, { prefixHashes: sys }), views)).toBe(1);
  });
  it('below the threshold, goes to the replica with the most free cache', () => {
    const half = ['s:0', 's:1']; // 32 of 64 tokens = 0.5, not > 0.5
    const views = replicas(
      { kv: 0.6 },
      { kv: 0.2, outstanding: 3, cached: half },
      { kv: 0.2, outstanding: 1 },
    );
    expect(router.route(request(0, { prefixHashes: sys }), views)).toBe(2);
  });
  it('falls back to the shortest queue when load is imbalanced (abs 32 and rel 1.5)', () => {
    const imbalanced = replicas({ outstanding: 40, cached: sys }, { outstanding: 7 });
    expect(router.route(request(0, { prefixHashes: sys }), imbalanced)).toBe(1);
    const absOnly = replicas({ outstanding: 100, cached: sys }, { outstanding: 67 }); // 33 > 32, 100 < 100.5
    expect(router.route(request(0, { prefixHashes: sys }), absOnly)).toBe(0);
  });
  it('isImbalanced needs both thresholds', () => {
    expect(isImbalanced(replicas({ outstanding: 40 }, { outstanding: 7 }), 32, 1.5)).toBe(true);
    expect(isImbalanced(replicas({ outstanding: 39 }, { outstanding: 7 }), 32, 1.5)).toBe(false);
    expect(isImbalanced(replicas({ outstanding: 100 }, { outstanding: 67 }), 32, 1.5)).toBe(false);
  });
  it('takes custom thresholds', () => {
    const loose = createRouter('prefix-affinity:cacheThreshold=0.2');
    const views = replicas({}, { outstanding: 3, cached: ['s:0', 's:1'] });
    expect(loose.route(request(0, { prefixHashes: sys }), views)).toBe(1);
    expect(router.route(request(0, { prefixHashes: sys }), views)).toBe(0);
  });
});

describe('power-of-d', () => {
  it('samples d distinct replicas deterministically and spreads the samples', () => {
    const views = replicas({}, {}, {}, {}, {}, {}, {}, {});
    const counts = new Array<number>(8).fill(0);
    for (let seq = 0; seq < 4000; seq++) {
      const sample = sampleReplicas(seq, views, 2);
      expect(new Set(sample.map((r) => r.id)).size).toBe(2);
      expect(sampleReplicas(seq, views, 2)).toEqual(sample);
      for (const replica of sample) counts[replica.id] = (counts[replica.id] ?? 0) + 1;
    }
    for (const count of counts) expect(count).toBeGreaterThan(800);
    for (const count of counts) expect(count).toBeLessThan(1200);
  });
  it('picks the sampled replica with the least predicted work', () => {
    const router = createRouter('power-of-d');
    const views = replicas({ work: 100 }, { work: 10 }, { work: 50 }, { work: 0 });
    for (let seq = 0; seq < 30; seq++) {
      const sample = sampleReplicas(seq, views, 2);
      const expected = sample.reduce((a, b) =>
        b.outstandingPredictedTokens < a.outstandingPredictedTokens ? b : a,
      );
      expect(router.route(request(seq), views)).toBe(expected.id);
    }
  });
  it('with d = n it is exactly least predicted work', () => {
    const router = createRouter('power-of-d:d=4');
    const views = replicas({ work: 100 }, { work: 10 }, { work: 50 }, { work: 20 });
    const chosen: ReplicaId[] = [0, 1, 2, 3].map((seq) => router.route(request(seq), views));
    expect(chosen).toEqual([1, 1, 1, 1]);
  });
});

describe('llm-d weighted profile', () => {
  const router = createRouter('llm-d');
  it('sums queue 2 + kv 2 + prefix 3 over min-max normalised scores', () => {
    // r0: 2*0.5 + 2*0.5 + 3*1 = 5; r1: 2 + 2 + 0 = 4; r2: 0
    const three = replicas(
      { waiting: 2, kv: 0.5, cached: sys },
      { waiting: 1, kv: 0.4 },
      { waiting: 3, kv: 0.6 },
    );
    expect(router.route(request(0, { prefixHashes: sys }), three)).toBe(0);
    // r0: 0 + 0 + 3 = 3 < r1: 2 + 2 = 4: load beats the cache
    const two = replicas({ waiting: 2, kv: 0.5, cached: sys }, { waiting: 1, kv: 0.4 });
    expect(router.route(request(0, { prefixHashes: sys }), two)).toBe(1);
  });
});
