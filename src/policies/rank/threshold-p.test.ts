/**
 * Tests of the threshold-p (short class LCFS-preemptive, long class FIFO) rank policy: the
 * conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { thresholdP } from './threshold-p.js';

runRankPolicyConformance(thresholdP);

describe('threshold-p', () => {
  it('serves the newest short job first (LCFS-preemptive in the short class), longs FIFO', () => {
    const policy = createRankPolicy('threshold-p', { T: 1 });
    const views = [
      job({ seq: 0, arrivalTime: 0, size: 5 }),
      job({ seq: 1, arrivalTime: 1, size: 0.5, age: 0.2 }),
      job({ seq: 2, arrivalTime: 2, size: 0.9 }),
      job({ seq: 3, arrivalTime: 3, size: 3 }),
    ];
    expect(order(policy, views)).toEqual([2, 1, 0, 3]);
    expect(policy.preemptive).toBe(true);
  });
});
