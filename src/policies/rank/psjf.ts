/**
 * PSJF: preemptive shortest job first on the true size (a job is preempted only by a smaller one).
 * Why choose: clairvoyant preemptive bound that, unlike SRPT, ignores progress.
 * Consumes: size (true size x). Rank (0, x), constant in age.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { trueSize } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/**
 * PSJF: preemptive shortest job first on the true size (a job is preempted only by a smaller one).
 */
export const psjf: RankPolicyFactory = {
  name: 'psjf',
  summary: 'preemptive shortest true job first (oracle)',
  params: [],
  create: () => ({
    name: 'psjf',
    preemptive: true,
    needs: ['size'],
    closedForm: { tier: 0, base: 'size', slope: 0 },
    rank: (job) => constantRank(0, trueSize(job, 'psjf')),
  }),
};
