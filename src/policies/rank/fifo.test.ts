/**
 * Tests of the fifo (arrival order whatever the sizes) rank policy: the conformance suite (rank-
 * policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { fifo } from './fifo.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(fifo);

describe('fifo', () => {
  it('serves in arrival order whatever the sizes', () => {
    const policy = createRankPolicy('fifo');
    const views = [
      job({ seq: 0, arrivalTime: 2, size: 1 }),
      job({ seq: 1, arrivalTime: 1, size: 9 }),
      job({ seq: 2, arrivalTime: 1, size: 0.1 }),
    ];
    expect(order(policy, views)).toEqual([1, 2, 0]);
    expect(policy.preemptive).toBe(false);
  });
});
