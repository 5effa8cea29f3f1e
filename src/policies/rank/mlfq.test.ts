/**
 * Tests of the MLFQ (levels of geometrically growing quanta) rank policy: the conformance suite
 * (rank-policy.case.test.ts), then its own cases.
 */
import { describe, expect, it } from 'vitest';
import { createRankPolicy } from '../registry.js';
import { mlfq } from './mlfq.js';
import { job, order, runRankPolicyConformance } from './rank-policy.case.test.js';

runRankPolicyConformance(mlfq);
runRankPolicyConformance(mlfq, { params: { q0: 0.5, ratio: 3, levels: 4 } });

describe('mlfq', () => {
  const policy = createRankPolicy('mlfq', {
    q0: 1,
    ratio: 2,
    levels: 4,
    prefillTokensPerSecond: 1,
  });
  it('demotes after q0 * ratio^i of service at each level; the last level is absorbing', () => {
    expect(policy.rank(job({ age: 0 }))).toEqual({ tier: 0, key: 0, slope: 0, until: 1 });
    expect(policy.rank(job({ age: 1 }))).toEqual({ tier: 1, key: 0, slope: 0, until: 3 });
    expect(policy.rank(job({ age: 6.5 }))).toEqual({ tier: 2, key: 0, slope: 0, until: 7 });
    expect(policy.rank(job({ age: 100 })).tier).toBe(3);
    expect(policy.rank(job({ age: 100 })).until).toBe(Infinity);
  });
  it('skip-join: a long prompt starts at the level whose quantum covers its prefill', () => {
    // prefill 3 s: q0 = 1, q1 = 2, q2 = 4 >= 3 -> level 2, demoted after 4 s of service.
    expect(policy.rank(job({ promptTokens: 3 }))).toEqual({ tier: 2, key: 0, slope: 0, until: 4 });
    expect(policy.rank(job({ promptTokens: 3, age: 4 })).tier).toBe(3);
  });
  it('reads serviceSeconds when the executor gives it (LLM: age is tokens)', () => {
    expect(policy.rank(job({ age: 50, serviceSeconds: 1.5 })).tier).toBe(1);
  });
  it('is FCFS within a level and prefers higher levels', () => {
    const views = [
      job({ seq: 0, arrivalTime: 0, age: 2 }),
      job({ seq: 1, arrivalTime: 1, age: 0.5 }),
      job({ seq: 2, arrivalTime: 2, age: 0 }),
    ];
    expect(order(policy, views)).toEqual([1, 2, 0]);
  });
});
