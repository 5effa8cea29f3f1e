/**
 * Tests of the sprpt-bounce (rank |prediction - age|: falls to 0 at the estimate, then rises) rank
 * policy: the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';
import { sprptBounce } from './sprpt-bounce.js';

runRankPolicyConformance(sprptBounce);

describe('sprpt-bounce', () => {
  const policy = createRankPolicy('sprpt-bounce');
  it('falls to 0 at the estimate, then bounces back up: rank |z - a|', () => {
    expect(policy.rank(job({ predictedSize: 4, age: 1 }))).toEqual({
      tier: 0,
      key: 3,
      slope: -1,
      until: 4,
    });
    expect(policy.rank(job({ predictedSize: 4, age: 4 }))).toEqual({
      tier: 0,
      key: 0,
      slope: 1,
      until: Infinity,
    });
    expect(policy.rank(job({ predictedSize: 4, age: 7 })).key).toBe(3);
  });
  it('an underestimated job yields to a fresh short one (SPRPT would not)', () => {
    const overdue = job({ seq: 0, predictedSize: 1, age: 4 });
    const fresh = job({ seq: 1, arrivalTime: 1, predictedSize: 2 });
    expect(order(policy, [overdue, fresh])).toEqual([1, 0]);
    expect(order(createRankPolicy('sprpt'), [overdue, fresh])).toEqual([0, 1]);
  });
});
