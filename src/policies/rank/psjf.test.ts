/**
 * Tests of the PSJF (preemptive shortest true size first) rank policy: the conformance suite (rank-
 * policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { psjf } from './psjf.js';
import { job, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(psjf);

describe('psjf', () => {
  const policy = createRankPolicy('psjf');
  it('is preemptive with a rank that ignores progress', () => {
    expect(policy.preemptive).toBe(true);
    expect(policy.rank(job({ size: 5, age: 4 })).key).toBe(5);
    expect(policy.rank(job({ size: 5, age: 4 })).slope).toBe(0);
  });
});
