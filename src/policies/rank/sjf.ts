/**
 * SJF: shortest (true) job first, non-preemptive.
 * Why choose: the clairvoyant non-preemptive bound (oracle experiments, "price of misprediction").
 * Consumes: size (true size x). Rank (0, x).
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { trueSize } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** SJF: shortest (true) job first, non-preemptive. */
export const sjf: RankPolicyFactory = {
  name: 'sjf',
  summary: 'shortest true job first (oracle); non-preemptive',
  params: [],
  create: () => ({
    name: 'sjf',
    preemptive: false,
    needs: ['size'],
    closedForm: { tier: 0, base: 'size', slope: 0 },
    rank: (job) => constantRank(0, trueSize(job, 'sjf')),
  }),
};
