/**
 * One-bit advice, THRESHOLD variant, non-preemptive (Mitzenmacher ACDA'21, algorithms.md §4 `t1`):
 * short jobs (x <= T) before all long jobs, FIFO within each class, a started job runs to the end.
 * Why choose: the clairvoyant 1-bit bound; shows how much one perfect bit buys.
 * Consumes: size x; parameter T (re-optimise it per load, §15.5).
 * Rank: short (0, 0), long (1, 0).
 * Tie-break: arrival, then admission sequence (FIFO inside a class).
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { trueSize } from '../predicted-remaining.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';

const params: readonly ParamSpec[] = [
  { name: 'T', default: 1, doc: 'threshold: a job is short iff its true size x <= T' },
];

/**
 * One-bit advice, THRESHOLD variant, non-preemptive (Mitzenmacher ACDA'21, algorithms.md §4 `t1`):
 * short jobs (x <= T) before all long jobs, FIFO within each class, a started job runs to the end.
 */
export const thresholdNp: RankPolicyFactory = {
  name: 'threshold-np',
  summary: 'one perfect bit (x <= T): short jobs first, FIFO in a class; non-preemptive',
  params,
  create: (given) => {
    const threshold = paramInRange('threshold-np', 'T', param(given, params, 'T'), 0, Infinity);
    return {
      name: 'threshold-np',
      preemptive: false,
      needs: ['size'],
      rank: (job) => constantRank(trueSize(job, 'threshold-np') <= threshold ? 0 : 1, 0),
    };
  },
};
