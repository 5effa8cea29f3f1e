/**
 * Tests of the skippredict (predicted-short FCFS ahead of predicted-long SPRPT, with a prediction
 * cost) rank policy: the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { skippredict } from './skippredict.js';

runRankPolicyConformance(skippredict);
runRankPolicyConformance(skippredict, { params: { serverCost: 1, c1: 0.1, c2: 0.5, T: 2 } });

describe('skippredict', () => {
  it('external cost: predicted-short FCFS ahead of predicted-long SPRPT', () => {
    const policy = createRankPolicy('skippredict', { T: 1 });
    const views = [
      job({ seq: 0, arrivalTime: 0, predictedSize: 5, age: 4 }),
      job({ seq: 1, arrivalTime: 1, predictedSize: 3 }),
      job({ seq: 2, arrivalTime: 2, predictedSize: 0.5 }),
      job({ seq: 3, arrivalTime: 3, predictedSize: 0.1 }),
    ];
    expect(order(policy, views)).toEqual([2, 3, 0, 1]);
    expect(policy.workOverhead?.(job({ predictedSize: 5 }))).toBe(0);
  });
  it('server cost: cheap prediction, then short (tier 1) or expensive prediction then SPRPT', () => {
    const policy = createRankPolicy('skippredict', { T: 1, c1: 0.1, c2: 0.5, serverCost: 1 });
    const long = { predictedSize: 3 };
    expect(policy.rank(job({ ...long, age: 0 }))).toEqual({
      tier: 2,
      key: 0,
      slope: 0,
      until: 0.1,
    });
    expect(policy.rank(job({ ...long, age: 0.1 }))).toEqual({
      tier: 3,
      key: 0,
      slope: 0,
      until: 0.6,
    });
    expect(policy.rank(job({ ...long, age: 1.6 }))).toEqual({
      tier: 4,
      key: 2,
      slope: -1,
      until: Infinity,
    });
    expect(policy.rank(job({ predictedSize: 0.5, age: 0.1 })).tier).toBe(1);
    expect(policy.workOverhead?.(job(long))).toBeCloseTo(0.6, 12);
    expect(policy.workOverhead?.(job({ predictedSize: 0.5 }))).toBeCloseTo(0.1, 12);
  });
});
