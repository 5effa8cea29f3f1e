import { unknownName } from '../core/errors.js';
import { fifo } from './rank/fifo.js';
import type { PolicyParams, RankPolicy, RankPolicyFactory } from './rank-policy.js';

/**
 * The one registry of rank policies. The CLI, the M/G/1 lab, the engine simulator and the real
 * engine all resolve names here.
 */
export const rankPolicies = {
  fifo,
} as const satisfies Record<string, RankPolicyFactory>;

export type RankPolicyName = keyof typeof rankPolicies;

export const rankPolicyNames = Object.keys(rankPolicies) as RankPolicyName[];

export function isRankPolicyName(name: string): name is RankPolicyName {
  return Object.hasOwn(rankPolicies, name);
}

/** Resolves a policy by name; throws UNKNOWN_NAME listing the known names. */
export function createRankPolicy(name: string, params: PolicyParams = {}): RankPolicy {
  if (!isRankPolicyName(name)) throw unknownName('policy', name, rankPolicyNames);
  return rankPolicies[name].create(params);
}
