/**
 * PSPJF: preemptive shortest predicted job first (a job is preempted only by a smaller prediction).
 * Why choose: robust to bounded multiplicative prediction error (ratio <= 1.5 alpha/beta, §3);
 * never lets an underestimated long job block everyone, but does not exploit progress.
 * Consumes: predictedSize y. Rank (0, y), constant in age.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { predictedSize } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/**
 * PSPJF: preemptive shortest predicted job first (a job is preempted only by a smaller
 * prediction).
 */
export const pspjf: RankPolicyFactory = {
  name: 'pspjf',
  summary: 'preemptive shortest predicted job first (robust to bounded errors)',
  params: [],
  create: () => ({
    name: 'pspjf',
    preemptive: true,
    needs: ['predictedSize'],
    closedForm: { tier: 0, base: 'predictedSize', slope: 0 },
    rank: (job) => constantRank(0, predictedSize(job, 'pspjf')),
  }),
};
