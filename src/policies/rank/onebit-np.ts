/**
 * One-bit advice, PREDICTION variant, non-preemptive (Mitzenmacher ACDA'21, algorithms.md §4 `t1`):
 * predicted-short jobs (y <= T) before all long jobs, FIFO within each class, a started job runs
 * to the end.
 * Why choose: the cheapest useful prediction (a short/long classifier); captures much of SPRPT's
 * gain without preemption. Errors on long jobs cost more than errors on short ones.
 * Consumes: predictedSize y; parameter T (re-optimise it per load, §15.5).
 * Rank: short (0, 0), long (1, 0).
 * Tie-break: arrival, then admission sequence (FIFO inside a class).
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { predictedSize } from '../predicted-remaining.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';

const params: readonly ParamSpec[] = [
  { name: 'T', default: 1, doc: 'threshold: a job is short iff its prediction y <= T' },
];

/**
 * One-bit advice, PREDICTION variant, non-preemptive (Mitzenmacher ACDA'21, algorithms.md §4
 * `t1`): predicted-short jobs (y <= T) before all long jobs, FIFO within each class, a started job
 * runs to the end.
 */
export const onebitNp: RankPolicyFactory = {
  name: 'onebit-np',
  summary: 'one predicted bit (y <= T): short jobs first, FIFO in a class; non-preemptive',
  params,
  create: (given) => {
    const threshold = paramInRange('onebit-np', 'T', param(given, params, 'T'), 0, Infinity);
    return {
      name: 'onebit-np',
      preemptive: false,
      needs: ['predictedSize'],
      rank: (job) => constantRank(predictedSize(job, 'onebit-np') <= threshold ? 0 : 1, 0),
    };
  },
};
