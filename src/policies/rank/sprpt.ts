/**
 * SPRPT: shortest predicted remaining processing time, preemptive.
 * Why choose: the natural use of a point prediction; close to SRPT when predictions are good.
 * Beware: ranks go negative for underestimated jobs, which then block everyone (§2 pitfalls); see
 * sprpt-bounce, pspjf and trail for the remedies.
 * Consumes: predictedSize y (required); predictedRemaining when present (refined predictors).
 * Rank (0, predictedRemaining ?? y - age), slope -1, no clamping at 0.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { predictedRemaining } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** SPRPT: shortest predicted remaining processing time, preemptive. */
export const sprpt: RankPolicyFactory = {
  name: 'sprpt',
  summary: 'shortest predicted remaining processing time; preemptive',
  params: [],
  create: () => ({
    name: 'sprpt',
    preemptive: true,
    needs: ['predictedSize'],
    closedForm: { tier: 0, base: 'predictedSize', slope: -1 },
    rank: (job) => ({
      tier: 0,
      key: predictedRemaining(job, 'sprpt'),
      slope: -1,
      until: Number.POSITIVE_INFINITY,
    }),
  }),
};
