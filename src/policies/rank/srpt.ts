/**
 * SRPT: shortest remaining processing time, preemptive, on the true size.
 * Why choose: optimal mean response time in the M/G/1 with known sizes; the oracle bound.
 * Consumes: size x. Rank (0, x - age), slope -1 (one piece, never ends).
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { trueSize } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** SRPT: shortest remaining processing time, preemptive, on the true size. */
export const srpt: RankPolicyFactory = {
  name: 'srpt',
  summary: 'shortest remaining (true) processing time; preemptive; optimal with known sizes',
  params: [],
  create: () => ({
    name: 'srpt',
    preemptive: true,
    needs: ['size'],
    closedForm: { tier: 0, base: 'size', slope: -1 },
    rank: (job) => ({
      tier: 0,
      key: trueSize(job, 'srpt') - job.age,
      slope: -1,
      until: Number.POSITIVE_INFINITY,
    }),
  }),
};
