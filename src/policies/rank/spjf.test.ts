/**
 * Tests of the SPJF (shortest predicted size first, non-preemptive) rank policy: the conformance
 * suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { spjf } from './spjf.js';

runRankPolicyConformance(spjf);

describe('spjf', () => {
  const policy = createRankPolicy('spjf');
  it('orders by prediction, not true size, and does not preempt', () => {
    const views = [
      job({ seq: 0, size: 1, predictedSize: 3 }),
      job({ seq: 1, arrivalTime: 1, size: 9, predictedSize: 2 }),
    ];
    expect(order(policy, views)).toEqual([1, 0]);
    expect(policy.preemptive).toBe(false);
  });
  it('throws a clear error when the prediction is missing', () => {
    expect(() => policy.rank(job({ size: 1 }))).toThrow(/spjf.*predictedSize/);
  });
});
