/**
 * Tests of the rank policy registry: every policy of algorithms.md §1-§9 under its own name, one
 * clear line for unknown names or parameters, parameters passed through.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../core/errors.js';
import { createRankPolicy, isRankPolicyName, rankPolicies, rankPolicyNames } from './registry.js';

describe('rank policy registry', () => {
  it('holds every policy of algorithms.md §1-§9 under its own name', () => {
    expect(rankPolicyNames).toEqual(
      expect.arrayContaining([
        'fifo',
        'sjf',
        'spjf',
        'psjf',
        'pspjf',
        'srpt',
        'sprpt',
        'sprpt-bounce',
        'threshold-np',
        'threshold-p',
        'onebit-np',
        'onebit-p',
        'skippredict',
        'delaypredict',
        'gittins',
        'las',
        'mlfq',
        'trail',
      ]),
    );
    for (const name of rankPolicyNames) {
      expect(rankPolicies[name].name).toBe(name);
      expect(createRankPolicy(name).name).toBe(name);
    }
  });
  it('rejects unknown names and parameters with one clear line', () => {
    expect(isRankPolicyName('nope')).toBe(false);
    expect(() => createRankPolicy('nope')).toThrow(/unknown policy 'nope'; known: fifo/);
    expect(() => createRankPolicy('trail', { cc: 1 })).toThrow(
      /policy 'trail' has no parameter 'cc'; known: c/,
    );
    expect(() => createRankPolicy('fifo', { T: 1 })).toThrow(/takes none/);
    try {
      createRankPolicy('trail', { c: 2 });
    } catch (error) {
      expect(error).toBeInstanceOf(SchedulerError);
      expect((error as SchedulerError).code).toBe('CONFIG_INVALID');
    }
  });
  it('passes parameters through', () => {
    const policy = createRankPolicy('onebit-np', { T: 0.905 });
    expect(policy.rank({ seq: 0, arrivalTime: 0, age: 0, predictedSize: 0.9 }).tier).toBe(0);
    expect(policy.rank({ seq: 0, arrivalTime: 0, age: 0, predictedSize: 0.91 }).tier).toBe(1);
  });
});
