/**
 * FIFO / FCFS: serve in arrival order, never preempt.
 * Why choose: the baseline; what vLLM and SGLang do by default. Optimal only when sizes are unknowable.
 * Consumes: arrival time only.
 * Tie-break: arrival, then admission sequence (the rank is constant, so ties decide everything).
 * Complexity: O(1) per rank.
 */

import { constantRank } from '../../core/rank.js';
import type { RankPolicyFactory } from '../rank-policy.js';

/** FIFO / FCFS: serve in arrival order, never preempt. */
export const fifo: RankPolicyFactory = {
  name: 'fifo',
  summary: 'first come, first served (the engines default); non-preemptive',
  params: [],
  create: () => ({
    name: 'fifo',
    preemptive: false,
    needs: [],
    closedForm: { tier: 0, base: 'zero', slope: 0 },
    rank: () => constantRank(0, 0),
  }),
};
