/**
 * Parameters of `group-eps` (algorithms.md §12: K, eps variant, group score, maxWait / agingTau),
 * with their ranges. Flags are 0/1 numbers because policy parameters are numeric everywhere.
 */

import { SchedulerError } from '../../core/errors.js';
import { paramInRange } from '../param-range.js';
import type { ParamSpec, PolicyParams } from '../rank-policy.js';

/**
 * Parameters of `group-eps` (algorithms.md §12: K, eps variant, group score, maxWait / agingTau),
 * with their ranges.
 */
export const groupEpsParamSpecs: readonly ParamSpec[] = [
  {
    name: 'groupBlocks',
    default: 32,
    doc: 'K: leading prefix blocks that name a group when a request has no explicit group (32 x 16 = 512 tokens, one Mooncake hash block); integer in [1, 65536]',
  },
  {
    name: 'maxWait',
    default: 10,
    doc: 'aging guard: a request waiting this many seconds is promoted ahead of every group, FCFS among the promoted (§12 default 10 s); in [0, 86400]',
  },
  {
    name: 'aging',
    default: 1,
    doc: '1 = the maxWait guard is on (default); 0 = off (a cold group or a low-eps request can starve)',
  },
  {
    name: 'agingTau',
    default: 0,
    doc: "soft aging: eps' = eps * (1 + wait / agingTau) seconds; 0 = off; in [0, 86400]",
  },
  {
    name: 'rawPrefill',
    default: 0,
    doc: '1 = eps uses the raw prompt length P (the slides); 0 = the effective prefill P - cached (default)',
  },
  {
    name: 'meanScore',
    default: 0,
    doc: 'group score: 0 = max eps of the members (default), 1 = mean eps',
  },
  {
    name: 'holdSiblings',
    default: 1,
    doc: 'keep group members waiting while a member of the group is prefilling, so they hit its prefix instead of recomputing it (reconstruction); 0 = off',
  },
  {
    name: 'stepTokens',
    default: 2048,
    doc: "token budget of a step (decodes + prefill chunks), predicted-cost's step shape; 0 = the engine max_num_batched_tokens; in [0, 1048576]",
  },
];

export interface GroupEpsParams {
  readonly groupBlocks: number;
  /** Seconds; +Infinity when the guard is off. */
  readonly maxWait: number;
  readonly agingTau: number;
  readonly rawPrefill: boolean;
  readonly meanScore: boolean;
  readonly holdSiblings: boolean;
  /** Step token budget (0 = the engine's max_num_batched_tokens). */
  readonly stepTokens: number;
}

const policy = 'group-eps';

function flag(name: string, value: number): boolean {
  if (value !== 0 && value !== 1) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `policy '${policy}': parameter '${name}' must be 0 or 1, got ${value}`,
    );
  }
  return value === 1;
}

/** Validates `given` (unknown names, ranges) and fills defaults. */
export function parseGroupEpsParams(given: PolicyParams = {}): GroupEpsParams {
  for (const name of Object.keys(given)) {
    if (!groupEpsParamSpecs.some((spec) => spec.name === name)) {
      throw new SchedulerError(
        'CONFIG_INVALID',
        `policy '${policy}' has no parameter '${name}'; known: ${groupEpsParamSpecs.map((s) => s.name).join(', ')}`,
      );
    }
  }
  const value = (name: string): number =>
    given[name] ?? (groupEpsParamSpecs.find((spec) => spec.name === name)?.default as number);
  const groupBlocks = paramInRange(policy, 'groupBlocks', value('groupBlocks'), 1, 65536);
  if (!Number.isInteger(groupBlocks)) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `policy '${policy}': parameter 'groupBlocks' must be an integer, got ${groupBlocks}`,
    );
  }
  const maxWait = paramInRange(policy, 'maxWait', value('maxWait'), 0, 86400);
  const aging = flag('aging', value('aging'));
  return {
    groupBlocks,
    maxWait: aging ? maxWait : Number.POSITIVE_INFINITY,
    agingTau: paramInRange(policy, 'agingTau', value('agingTau'), 0, 86400),
    rawPrefill: flag('rawPrefill', value('rawPrefill')),
    meanScore: flag('meanScore', value('meanScore')),
    holdSiblings: flag('holdSiblings', value('holdSiblings')),
    stepTokens: paramInRange(policy, 'stepTokens', value('stepTokens'), 0, 1048576),
  };
}
