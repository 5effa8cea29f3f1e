/**
 * LAS / foreground-background: serve the job that has received the least service.
 * Why choose: no size information at all, yet near-optimal for decreasing-hazard (heavy-tailed)
 * sizes; what MLFQ approximates with finitely many levels.
 * Consumes: age only. Rank (0, age), slope +1 (one piece, never ends).
 * Jobs tied at the least age rise in lockstep and share the server: event executors time-share
 * them with a minimum quantum (the M/G/1 simulator's `quantum` option); iteration executors batch
 * them together.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import type { RankPolicyFactory } from '../rank-policy.js';

/** LAS / foreground-background: serve the job that has received the least service. */
export const las: RankPolicyFactory = {
  name: 'las',
  summary: 'least attained service first (foreground-background); needs no prediction',
  params: [],
  create: () => ({
    name: 'las',
    preemptive: true,
    needs: [],
    closedForm: { tier: 0, base: 'zero', slope: 1 },
    rank: (job) => ({ tier: 0, key: job.age, slope: 1, until: Number.POSITIVE_INFINITY }),
  }),
};
