/**
 * Tests of checkPolicyNeeds / checkRequestNeeds: a policy's declared needs against what an executor
 * supplies.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../core/errors.js';
import { policyNeeds } from '../core/step-plan.js';
import { resolveBatchPolicy } from '../policies/batch/registry.js';
import { checkPolicyNeeds, checkRequestNeeds, needDescriptions } from './check-policy-needs.js';

describe('checkPolicyNeeds', () => {
  const bare = { executor: 'the test executor', supplies: new Set(['promptTokens'] as const) };

  it('passes a policy whose needs are all supplied', () => {
    expect(() => checkPolicyNeeds(resolveBatchPolicy('vllm-fcfs'), bare)).not.toThrow();
    expect(() => checkPolicyNeeds(resolveBatchPolicy('fifo'), bare)).not.toThrow();
  });

  it('names the policy, the field, the executor and the hint', () => {
    const error = (() => {
      try {
        checkPolicyNeeds(resolveBatchPolicy('gittins'), {
          ...bare,
          hints: { sizeDistribution: 'pass --predictor' },
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toBe(
      "policy 'gittins' needs 'sizeDistribution' (a predicted output-length distribution), which the test executor cannot supply: pass --predictor",
    );
  });

  it('adds swap to the needs of a policy created to swap', () => {
    const swapping = resolveBatchPolicy('spjf', { preemptMode: 'swap' });
    expect(swapping.needs).toEqual(['predictedSize', 'swap']);
    expect(swapping.name).toBe('spjf');
    expect(() => checkPolicyNeeds(swapping, bare)).toThrowError(/needs 'predictedSize'/);
    expect(() =>
      checkPolicyNeeds(swapping, { ...bare, supplies: new Set(['predictedSize']) }),
    ).toThrowError(/needs 'swap'/);
  });

  it('describes every need', () => {
    for (const need of policyNeeds) expect(needDescriptions[need]).toBeTruthy();
  });
});

describe('checkRequestNeeds', () => {
  const policy = {
    name: 'tenant-fair',
    needs: ['tenant', 'predictedSize'] as const,
    plan: () => ({ scheduled: [], preempt: [] }),
  };
  it('checks only request-carried fields', () => {
    expect(() => checkRequestNeeds(policy, 'r1', { tenant: 'a' })).not.toThrow();
    expect(() => checkRequestNeeds(policy, 'r1', {})).toThrowError(
      "request r1 has no 'tenant' (the tenant of each request), which policy 'tenant-fair' needs",
    );
  });
});
