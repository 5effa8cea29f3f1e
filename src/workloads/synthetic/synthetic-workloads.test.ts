/**
 * Synthetic workloads: Azure-like chat, apps sharing prefix hashes with Zipf popularity, bursty
 * parameters, synthetic:NAME specs, round-trips.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { parseTraceText, readTrace } from '../read-trace.js';
import { formatTrace } from '../write-trace.js';
import { lognormalLengths, uniformLengths } from './length-distribution.js';
import { findTextDataDir } from './multi-app-workload.js';
import { createSyntheticWorkload, syntheticWorkloadNames } from './synthetic-workloads.js';
import { zipfSampler } from './zipf-sampler.js';

// apps5 reads the shared text datasets; without ../shared its case is skipped (titled so)
const haveTextData = findTextDataDir() !== undefined;
const workloadCases = syntheticWorkloadNames.map((name) => ({
  name,
  skip: name === 'apps5' && !haveTextData,
}));

describe('synthetic workloads', () => {
  for (const { name, skip } of workloadCases) {
    it.skipIf(skip)(
      `${name} is deterministic for a seed and differs across seeds${skip ? ' (skipped: needs ../shared/data/text)' : ''}`,
      () => {
        const a = createSyntheticWorkload(name, { requests: 200, rate: 3, seed: 11 });
        const b = createSyntheticWorkload(name, { requests: 200, rate: 3, seed: 11 });
        const c = createSyntheticWorkload(name, { requests: 200, rate: 3, seed: 12 });
        expect(a).toEqual(b);
        expect(a).not.toEqual(c);
        expect(a).toHaveLength(200);
        for (let i = 1; i < a.length; i++) {
          expect(a[i]?.arrivalTime).toBeGreaterThanOrEqual(a[i - 1]?.arrivalTime ?? 0);
        }
        expect(a.every((r) => r.promptTokens >= 1 && r.outputTokens >= 1)).toBe(true);
      },
    );
  }

  it('chat has Azure-conversation-like medians and the requested rate', () => {
    const requests = createSyntheticWorkload('chat', { requests: 4000, rate: 5, seed: 1 });
    const median = (values: number[]) => values.sort((x, y) => x - y)[values.length >> 1] ?? 0;
    expect(median(requests.map((r) => r.promptTokens))).toBeGreaterThan(900);
    expect(median(requests.map((r) => r.promptTokens))).toBeLessThan(1150);
    expect(median(requests.map((r) => r.outputTokens))).toBeGreaterThan(110);
    expect(median(requests.map((r) => r.outputTokens))).toBeLessThan(150);
    const span = requests[requests.length - 1]?.arrivalTime ?? 0;
    expect(requests.length / span).toBeCloseTo(5, 0);
  });

  it('apps share prefix hashes within an application, with Zipf popularity', () => {
    const requests = createSyntheticWorkload('apps', { requests: 2000, rate: 5, seed: 2 });
    const byGroup = new Map<string, number>();
    for (const request of requests) {
      const group = request.group ?? '';
      byGroup.set(group, (byGroup.get(group) ?? 0) + 1);
      expect(request.prefixHashes?.[0]).toBe(`${group}:0`);
    }
    const first = requests.find((r) => r.group === 'app-0');
    const second = requests.filter((r) => r.group === 'app-0')[1];
    expect(first?.prefixHashes).toEqual(second?.prefixHashes);
    expect(byGroup.get('app-0') ?? 0).toBeGreaterThan(2 * (byGroup.get('app-5') ?? 0));
  });

  it('bursty takes token-count parameters (tiny CPU models) and rejects unknown ones', () => {
    const tiny = createSyntheticWorkload('bursty', {
      requests: 100,
      rate: 10,
      seed: 3,
      params: { shortPrompt: 8, shortOutput: 4, longPrompt: 32, longOutput: 16, longFraction: 0.5 },
    });
    expect(Math.max(...tiny.map((r) => r.promptTokens))).toBeLessThanOrEqual(32);
    expect(Math.max(...tiny.map((r) => r.outputTokens))).toBeLessThanOrEqual(16);
    expect(tiny.some((r) => r.promptTokens > 8)).toBe(true);
    expect(tiny.some((r) => r.promptTokens <= 8)).toBe(true);
    expect(() =>
      createSyntheticWorkload('bursty', { requests: 5, rate: 1, params: { nope: 1 } }),
    ).toThrow(/unknown parameter of synthetic workload 'bursty' 'nope'; known: cv, longFraction/);
    expect(() => createSyntheticWorkload('nope', { requests: 5, rate: 1 })).toThrow(SchedulerError);
  });

  it('readTrace generates synthetic:NAME specs with parameters', () => {
    const requests = readTrace('synthetic:bursty:longOutput=16,shortOutput=4', {
      rate: 2,
      requests: 30,
      seed: 4,
    });
    expect(requests).toHaveLength(30);
    expect(Math.max(...requests.map((r) => r.outputTokens))).toBeLessThanOrEqual(16);
    expect(() => readTrace('synthetic:chat', { requests: 3 })).toThrow(/--rate/);
  });

  it('round-trips through writeTrace / readTrace', () => {
    const requests = createSyntheticWorkload('apps', { requests: 50, rate: 2, seed: 5 });
    const text = formatTrace(requests);
    expect(text).toContain('"shared_prefix_tokens"');
    expect(parseTraceText(text, 'roundtrip.jsonl')).toEqual(requests);
  });
});

describe('length distributions and Zipf', () => {
  it('lognormal lengths have the given median and respect the clamp', () => {
    const rng = createRng(9);
    const dist = lognormalLengths({ median: 100, sigma: 1, max: 400 });
    const values = Array.from({ length: 5000 }, () => dist.sample(rng)).sort((a, b) => a - b);
    expect(values[2500]).toBeGreaterThan(90);
    expect(values[2500]).toBeLessThan(110);
    expect(values[values.length - 1]).toBe(400);
    expect(values[0]).toBeGreaterThanOrEqual(1);
  });
  it('uniform lengths cover [min, max]', () => {
    const rng = createRng(1);
    const values = new Set(Array.from({ length: 500 }, () => uniformLengths(3, 6).sample(rng)));
    expect([...values].sort()).toEqual([3, 4, 5, 6]);
  });
  it('Zipf item 0 is about 2^s times as frequent as item 1', () => {
    const pick = zipfSampler(10, 1);
    const rng = createRng(2);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const k = pick(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / (counts[1] ?? 1)).toBeCloseTo(2, 0);
  });
});
