/**
 * Tests of the LAS (least attained service first) rank policy: the conformance suite (rank-
 * policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { las } from './las.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(las);

describe('las', () => {
  const policy = createRankPolicy('las');
  it('serves the job with the least attained service; rank rises with age', () => {
    const views = [job({ seq: 0, age: 2 }), job({ seq: 1, arrivalTime: 1, age: 0.5 })];
    expect(order(policy, views)).toEqual([1, 0]);
    expect(policy.rank(views[0] as never)).toEqual({ tier: 0, key: 2, slope: 1, until: Infinity });
  });
});
