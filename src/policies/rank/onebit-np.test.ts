/**
 * Tests of the onebit-np (one bit of prediction: short or long, FIFO within a class, non-
 * preemptive) rank policy: the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { onebitNp } from './onebit-np.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(onebitNp);

describe('onebit-np', () => {
  it('classifies by the prediction, not the true size; FIFO within a class', () => {
    const policy = createRankPolicy('onebit-np', { T: 1 });
    const views = [
      job({ seq: 0, arrivalTime: 0, size: 0.1, predictedSize: 3 }),
      job({ seq: 1, arrivalTime: 1, size: 9, predictedSize: 0.5 }),
      job({ seq: 2, arrivalTime: 2, size: 1, predictedSize: 1 }),
    ];
    expect(order(policy, views)).toEqual([1, 2, 0]);
    expect(policy.preemptive).toBe(false);
  });
});
