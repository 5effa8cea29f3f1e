/**
 * Tests of the SJF (shortest true size first, non-preemptive) rank policy: the conformance suite
 * (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { sjf } from './sjf.js';

runRankPolicyConformance(sjf);

describe('sjf', () => {
  const policy = createRankPolicy('sjf');
  it('orders by true size, ignores predictions, does not preempt', () => {
    const views = [
      job({ seq: 0, arrivalTime: 0, size: 3, predictedSize: 1 }),
      job({ seq: 1, arrivalTime: 1, size: 2, predictedSize: 9 }),
    ];
    expect(order(policy, views)).toEqual([1, 0]);
    expect(policy.preemptive).toBe(false);
  });
  it('throws a clear error when the size is missing', () => {
    expect(() => policy.rank(job({}))).toThrow(/sjf.*size/);
  });
});
