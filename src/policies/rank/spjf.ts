/**
 * SPJF: shortest predicted job first, non-preemptive.
 * Why choose: what a gateway with a length predictor can do (sort the waiting queue, never preempt).
 * Consumes: predictedSize y. Rank (0, y).
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import { predictedSize } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** SPJF: shortest predicted job first, non-preemptive. */
export const spjf: RankPolicyFactory = {
  name: 'spjf',
  summary: 'shortest predicted job first; non-preemptive',
  params: [],
  create: () => ({
    name: 'spjf',
    preemptive: false,
    needs: ['predictedSize'],
    closedForm: { tier: 0, base: 'predictedSize', slope: 0 },
    rank: (job) => constantRank(0, predictedSize(job, 'spjf')),
  }),
};
