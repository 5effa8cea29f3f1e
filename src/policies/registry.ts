/**
 * The one registry of rank policies. The CLI, the M/G/1 lab, the engine simulator and the real
 * engine all resolve names here.
 */

import { SchedulerError, unknownName } from '../core/errors.js';
import { delaypredict } from './rank/delaypredict.js';
import { fifo } from './rank/fifo.js';
import { gittins } from './rank/gittins.js';
import { las } from './rank/las.js';
import { mlfq } from './rank/mlfq.js';
import { onebitNp } from './rank/onebit-np.js';
import { onebitP } from './rank/onebit-p.js';
import { psjf } from './rank/psjf.js';
import { pspjf } from './rank/pspjf.js';
import { sjf } from './rank/sjf.js';
import { skippredict } from './rank/skippredict.js';
import { spjf } from './rank/spjf.js';
import { sprpt } from './rank/sprpt.js';
import { sprptBounce } from './rank/sprpt-bounce.js';
import { srpt } from './rank/srpt.js';
import { thresholdNp } from './rank/threshold-np.js';
import { thresholdP } from './rank/threshold-p.js';
import { trail } from './rank/trail.js';
import type { PolicyParams, RankPolicy, RankPolicyFactory } from './rank-policy.js';

/** The one registry of rank policies. */
export const rankPolicies = {
  fifo,
  sjf,
  spjf,
  psjf,
  pspjf,
  srpt,
  sprpt,
  'sprpt-bounce': sprptBounce,
  'threshold-np': thresholdNp,
  'threshold-p': thresholdP,
  'onebit-np': onebitNp,
  'onebit-p': onebitP,
  skippredict,
  delaypredict,
  gittins,
  las,
  mlfq,
  trail,
} as const satisfies Record<string, RankPolicyFactory>;

export type RankPolicyName = keyof typeof rankPolicies;

export const rankPolicyNames = Object.keys(rankPolicies) as RankPolicyName[];

export function isRankPolicyName(name: string): name is RankPolicyName {
  return Object.hasOwn(rankPolicies, name);
}

/**
 * Resolves a policy by name; throws UNKNOWN_NAME listing the known names, and CONFIG_INVALID for a
 * parameter the policy does not declare (or an out-of-range value, from the factory).
 *
 * @example
 * const policy = createRankPolicy('trail', { c: 0.5 });
 */
export function createRankPolicy(name: string, params: PolicyParams = {}): RankPolicy {
  if (!isRankPolicyName(name)) throw unknownName('policy', name, rankPolicyNames);
  const factory: RankPolicyFactory = rankPolicies[name];
  for (const given of Object.keys(params)) {
    if (!factory.params.some((spec) => spec.name === given)) {
      const known = factory.params.map((spec) => spec.name);
      throw new SchedulerError(
        'CONFIG_INVALID',
        `policy '${name}' has no parameter '${given}'; ` +
          (known.length > 0 ? `known: ${known.join(', ')}` : 'it takes none'),
      );
    }
  }
  return factory.create(params);
}
