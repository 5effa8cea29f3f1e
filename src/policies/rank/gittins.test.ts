/**
 * Tests of the Gittins rank policy: the conformance suite, and ranks checked against the discrete
 * pseudocode of algorithms.md §6 on integer sizes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { gittins, gittinsRank } from './gittins.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(gittins);

/** algorithms.md §6 discrete pseudocode, on integer sizes: p_j = P(R = j | R >= 1). */
function referenceRank(values: number[], probs: number[], age: number): number {
  const remaining = new Map<number, number>();
  let mass = 0;
  values.forEach((v, i) => {
    if (v > age) {
      remaining.set(v - age, (remaining.get(v - age) ?? 0) + (probs[i] ?? 0));
      mass += probs[i] ?? 0;
    }
  });
  const horizon = Math.max(...remaining.keys());
  let best = Infinity;
  let num = 0;
  let cdf = 0;
  for (let d = 1; d <= horizon; d++) {
    let tail = 0;
    for (const [r, p] of remaining) if (r >= d) tail += p / mass;
    num += tail;
    cdf += (remaining.get(d) ?? 0) / mass;
    if (cdf > 0) best = Math.min(best, num / cdf);
  }
  return best;
}

describe('gittins', () => {
  it('a point mass is SRPT', () => {
    expect(gittinsRank({ values: [5], probs: [1] }, 2)).toEqual({
      tier: 0,
      key: 3,
      slope: -1,
      until: 5,
    });
  });
  it('the rank jumps up when a job outlives a likely size', () => {
    const dist = { values: [1, 10], probs: [0.5, 0.5] };
    expect(gittinsRank(dist, 0)).toEqual({ tier: 0, key: 2, slope: -2, until: 1 });
    expect(gittinsRank(dist, 1).key).toBe(9);
  });
  it('matches the discrete reference algorithm of algorithms.md §6 on integer grids', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 29 }),
        (raw, weights, age) => {
          const values = [...raw].sort((a, b) => a - b);
          if (age >= (values[values.length - 1] as number)) return;
          const total = values.reduce((sum, _, i) => sum + (weights[i] as number), 0);
          const probs = values.map((_, i) => (weights[i] as number) / total);
          const rank = gittinsRank({ values, probs }, age);
          const expected = referenceRank(values, probs, age);
          expect(Math.abs(rank.key - expected)).toBeLessThan(1e-9 * (1 + expected));
        },
      ),
      { numRuns: 300 },
    );
  });
  it('prefers a job that will likely finish soon over a surely-medium one', () => {
    const policy = createRankPolicy('gittins');
    const views = [
      job({ seq: 0, sizeDistribution: { values: [2], probs: [1] } }),
      job({ seq: 1, arrivalTime: 1, sizeDistribution: { values: [0.5, 100], probs: [0.9, 0.1] } }),
    ];
    expect(order(policy, views)).toEqual([1, 0]);
  });
  it('past the last atom the job is treated as about to finish', () => {
    expect(gittinsRank({ values: [1, 2], probs: [0.5, 0.5] }, 3).key).toBe(0);
  });
});
