/**
 * Tests of the onebit-p (one bit of prediction, preemptive: newest predicted-short first) rank
 * policy: the conformance suite (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { onebitP } from './onebit-p.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(onebitP);

describe('onebit-p', () => {
  const policy = createRankPolicy('onebit-p', { T: 1 });
  it('puts the newest predicted-short job first, even ahead of a running short job', () => {
    const runningShort = job({ seq: 0, arrivalTime: 0, predictedSize: 0.2, age: 0.1 });
    const newShort = job({ seq: 1, arrivalTime: 5, predictedSize: 0.9 });
    const long = job({ seq: 2, arrivalTime: 1, predictedSize: 4 });
    const newLong = job({ seq: 3, arrivalTime: 6, predictedSize: 2 });
    expect(order(policy, [runningShort, newShort, long, newLong])).toEqual([1, 0, 2, 3]);
  });
  it('is preemptive', () => {
    expect(policy.preemptive).toBe(true);
  });
});
