/**
 * Tests of the SRPT (shortest remaining true work) rank policy: the conformance suite (rank-
 * policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { srpt } from './srpt.js';

runRankPolicyConformance(srpt);

describe('srpt', () => {
  const policy = createRankPolicy('srpt');
  it('prefers the least remaining true work', () => {
    const started = job({ seq: 0, size: 5, age: 4 });
    const fresh = job({ seq: 1, arrivalTime: 1, size: 2 });
    expect(order(policy, [fresh, started])).toEqual([0, 1]);
    expect(policy.rank(started)).toEqual({ tier: 0, key: 1, slope: -1, until: Infinity });
  });
});
