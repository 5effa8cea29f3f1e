/**
 * Tests of the PSPJF (preemptive shortest predicted size first, constant in age) rank policy: the
 * conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { pspjf } from './pspjf.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(pspjf);

describe('pspjf', () => {
  const policy = createRankPolicy('pspjf');
  it('ranks by the prediction, constant in age: an underestimated job cannot block forever', () => {
    expect(policy.preemptive).toBe(true);
    const overdue = job({ seq: 0, predictedSize: 1, age: 5, size: 50 });
    const fresh = job({ seq: 1, arrivalTime: 1, predictedSize: 0.5 });
    expect(order(policy, [overdue, fresh])).toEqual([1, 0]);
  });
});
