/**
 * SPRPT with bounce (Scully, Grosof, Mitzenmacher, ITCS 2022): rank |z - a|. The rank falls from
 * the estimate z to 0, then bounces back up, so an underestimated job loses priority instead of
 * blocking everyone. Reading of the survey's garbled `max(|z-a|, z)` as |z - a| is
 * [unverified] (algorithms.md §3 doubt, §16.1).
 * Why choose: consistent, graceful (ratio <= 3.5 alpha/beta under bounded multiplicative error) and
 * needs no knowledge of the error bounds.
 * Consumes: predictedSize z (required); predictedRemaining r = z - a when present.
 * Rank: r > 0: (0, r), slope -1 until age + r; r <= 0: (0, -r), slope +1 (never ends).
 * Several overdue jobs rise in lockstep and time-share: event executors need a minimum quantum.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import { predictedRemaining } from '../predicted-remaining.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** SPRPT with bounce (Scully, Grosof, Mitzenmacher, ITCS 2022): rank |z - a|. */
export const sprptBounce: RankPolicyFactory = {
  name: 'sprpt-bounce',
  summary: 'SPRPT whose rank bounces back up once a job outlives its estimate: rank |z - a|',
  params: [],
  create: () => ({
    name: 'sprpt-bounce',
    preemptive: true,
    needs: ['predictedSize'],
    rank: (job) => {
      const remaining = predictedRemaining(job, 'sprpt-bounce');
      // The second test guards against a piece too short to represent at this age.
      if (remaining > 0 && job.age + remaining > job.age) {
        return { tier: 0, key: remaining, slope: -1, until: job.age + remaining };
      }
      return { tier: 0, key: Math.abs(remaining), slope: 1, until: Number.POSITIVE_INFINITY };
    },
  }),
};
