/**
 * Tests of the delaypredict (FCFS for the first L units, then SPRPT on the prediction) rank policy:
 * the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { delaypredict } from './delaypredict.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(delaypredict);
runRankPolicyConformance(delaypredict, { params: { serverCost: 1, c2: 0.3, L: 0.5 } });

describe('delaypredict', () => {
  it('external cost: FCFS for the first L units, then SPRPT on the prediction', () => {
    const policy = createRankPolicy('delaypredict', { L: 1 });
    const views = [
      job({ seq: 0, arrivalTime: 0, predictedSize: 2, age: 1.5 }),
      job({ seq: 1, arrivalTime: 1, predictedSize: 9, age: 0.5 }),
      job({ seq: 2, arrivalTime: 2, predictedSize: 9 }),
      job({ seq: 3, arrivalTime: 3, predictedSize: 5, age: 2 }),
    ];
    expect(order(policy, views)).toEqual([1, 2, 0, 3]);
  });
  it('server cost: a prediction phase of c2 work after L; overhead only for jobs longer than L', () => {
    const policy = createRankPolicy('delaypredict', { L: 1, c2: 0.5, serverCost: 1 });
    expect(policy.rank(job({ predictedSize: 3, age: 1.2 }))).toEqual({
      tier: 2,
      key: 0,
      slope: 0,
      until: 1.5,
    });
    expect(policy.rank(job({ predictedSize: 3, age: 2 })).key).toBeCloseTo(1.5, 12);
    expect(policy.workOverhead?.(job({ size: 0.7, predictedSize: 3 }))).toBe(0);
    expect(policy.workOverhead?.(job({ size: 1.7, predictedSize: 3 }))).toBe(0.5);
  });
});
