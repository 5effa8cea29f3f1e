/**
 * One-bit advice, PREDICTION variant, preemptive (algorithms.md §4 `t2`, exactly as analysed): a new
 * short job preempts whatever runs, including another short job, so the short class is
 * LCFS-preemptive-resume; long jobs are FIFO behind all short jobs. (FIFO within the short class
 * gives a different mean and does not reproduce the survey's Tables 2/3.)
 * Why choose: a short/long classifier plus preemption; under heavy tails preemption matters a lot.
 * In LLM serving cap preemptions per request (KV thrash).
 * Consumes: predictedSize y; arrival time; parameter T.
 * Rank: short (0, -arrivalTime) (newest short first), long (1, 0).
 * Tie-break: arrival, then admission sequence.
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
 * One-bit advice, PREDICTION variant, preemptive (algorithms.md §4 `t2`, exactly as analysed): a
 * new short job preempts whatever runs, including another short job, so the short class is LCFS-
 * preemptive-resume; long jobs are FIFO behind all short jobs.
 */
export const onebitP: RankPolicyFactory = {
  name: 'onebit-p',
  summary: 'one predicted bit (y <= T): newest short job preempts everything; long jobs FIFO',
  params,
  create: (given) => {
    const threshold = paramInRange('onebit-p', 'T', param(given, params, 'T'), 0, Infinity);
    return {
      name: 'onebit-p',
      preemptive: true,
      needs: ['predictedSize'],
      rank: (job) =>
        predictedSize(job, 'onebit-p') <= threshold
          ? constantRank(0, -job.arrivalTime)
          : constantRank(1, 0),
    };
  },
};
