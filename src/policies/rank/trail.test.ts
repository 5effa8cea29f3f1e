/**
 * Tests of the Trail (SPRPT while age < c * y, then non-preemptible) rank policy: the conformance
 * suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { trail } from './trail.js';

runRankPolicyConformance(trail);
runRankPolicyConformance(trail, { params: { c: 0 } });
runRankPolicyConformance(trail, { params: { c: 1 } });

describe('trail', () => {
  it('is SPRPT while age < c * y, then non-preemptible', () => {
    const policy = createRankPolicy('trail', { c: 0.5 });
    expect(policy.rank(job({ predictedSize: 4, age: 1 }))).toEqual({
      tier: 0,
      key: 3,
      slope: -1,
      until: 2,
    });
    const old = policy.rank(job({ predictedSize: 4, age: 2 }));
    expect(old.tier).toBe(Number.NEGATIVE_INFINITY);
    // A past-cutoff job beats even a fresh job predicted to be tiny.
    const views = [
      job({ seq: 0, predictedSize: 4, age: 2.5 }),
      job({ seq: 1, arrivalTime: 1, predictedSize: 0 }),
    ];
    expect(order(policy, views)).toEqual([0, 1]);
  });
  it('c = 0 orders waiting jobs by prediction (SPJF) and pins a started job', () => {
    const policy = createRankPolicy('trail', { c: 0 });
    const views = [
      job({ seq: 0, predictedSize: 3 }),
      job({ seq: 1, arrivalTime: 1, predictedSize: 1 }),
    ];
    expect(order(policy, views)).toEqual([1, 0]);
    const fresh = policy.rank(job({ predictedSize: 3 }));
    expect(fresh.until).toBeGreaterThan(0);
    expect(policy.rank(job({ predictedSize: 3, age: fresh.until })).tier).toBe(-Infinity);
  });
  it('c = 1 agrees with SPRPT before the prediction runs out', () => {
    const policy = createRankPolicy('trail', { c: 1 });
    const sprpt = createRankPolicy('sprpt');
    const view = job({ predictedSize: 4, age: 3 });
    expect(policy.rank(view).key).toBe(sprpt.rank(view).key);
  });
  it('uses the refined remaining prediction as the key, the initial one for the cutoff', () => {
    const policy = createRankPolicy('trail', { c: 0.8 });
    expect(policy.rank(job({ predictedSize: 10, predictedRemaining: 2, age: 5 })).key).toBe(2);
    expect(policy.rank(job({ predictedSize: 10, predictedRemaining: 2, age: 8 })).tier).toBe(
      -Infinity,
    );
  });
  it('rejects c outside [0, 1]', () => {
    expect(() => createRankPolicy('trail', { c: 1.5 })).toThrow(/trail.*'c'/);
  });
});
