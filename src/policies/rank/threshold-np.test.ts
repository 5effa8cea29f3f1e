/**
 * Tests of the threshold-np (short true sizes first, FIFO within a class, non-preemptive) rank
 * policy: the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { thresholdNp } from './threshold-np.js';

runRankPolicyConformance(thresholdNp);
runRankPolicyConformance(thresholdNp, { params: { T: 0 } });

describe('threshold-np', () => {
  it('puts short true sizes first, FIFO within a class, non-preemptive', () => {
    const policy = createRankPolicy('threshold-np', { T: 2 });
    const views = [
      job({ seq: 0, arrivalTime: 0, size: 5 }),
      job({ seq: 1, arrivalTime: 1, size: 2 }),
      job({ seq: 2, arrivalTime: 2, size: 0.1 }),
    ];
    expect(order(policy, views)).toEqual([1, 2, 0]);
    expect(policy.preemptive).toBe(false);
  });
  it('rejects a negative threshold', () => {
    expect(() => createRankPolicy('threshold-np', { T: -1 })).toThrow(/threshold-np.*'T'/);
  });
});
