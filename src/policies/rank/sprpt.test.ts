/**
 * Tests of the SPRPT (shortest predicted remaining processing time, may go negative) rank policy:
 * the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { sprpt } from './sprpt.js';

runRankPolicyConformance(sprpt);

describe('sprpt', () => {
  const policy = createRankPolicy('sprpt');
  it('uses y - age and lets it go negative (an overdue job keeps priority)', () => {
    const overdue = job({ seq: 0, predictedSize: 1, age: 3, size: 10 });
    expect(policy.rank(overdue).key).toBe(-2);
    const fresh = job({ seq: 1, arrivalTime: 1, predictedSize: 0 });
    expect(order(policy, [fresh, overdue])).toEqual([0, 1]);
  });
  it('prefers the refined remaining prediction when present', () => {
    expect(policy.rank(job({ predictedSize: 10, age: 2, predictedRemaining: 3 })).key).toBe(3);
  });
});
