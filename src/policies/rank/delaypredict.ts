/**
 * DelayPredict (Shahout & Mitzenmacher, NeurIPS'24; algorithms.md §5): every job first runs up to
 * L units FCFS; only jobs still unfinished are predicted and then scheduled SPRPT. A two-level MLFQ
 * whose lower level is SPRPT.
 * Why choose: cheap 1-bit predictions are unavailable or not much cheaper than full ones.
 * Consumes: predictedSize y (a prediction of the TOTAL size; the rank subtracts age); parameters
 * L, c2, serverCost.
 * Ranks (age counts prediction work in the server-time model):
 *   server-time: age < L (1, 0); L <= age < L + c2 (2, 0); age >= L + c2 (3, y - (age - c2)), slope -1
 *   external:    age < L (1, 0); age >= L (3, y - age), slope -1
 * New arrivals (tier 1) preempt jobs in tiers 2 and 3 but not a job in its first L units (tie by
 * arrival). `workOverhead` is c2 * [x > L] in the server-time model; it reads the true size x,
 * which only the executor uses (to know how much work the job will really take).
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import type { Rank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { predictedSize, trueSize } from '../predicted-remaining.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';
import { c2Param, serverCostParam, serverTimeCost } from './server-cost.js';

const params: readonly ParamSpec[] = [
  { name: 'L', default: 1, doc: 'work every job gets FCFS before it is predicted' },
  c2Param,
  serverCostParam,
];

const infinity = Number.POSITIVE_INFINITY;

/**
 * DelayPredict (Shahout & Mitzenmacher, NeurIPS'24; algorithms.md §5): every job first runs up to
 * L units FCFS; only jobs still unfinished are predicted and then scheduled SPRPT.
 */
export const delaypredict: RankPolicyFactory = {
  name: 'delaypredict',
  summary: 'serve every job L units FCFS, then predict the survivors and run them SPRPT',
  params,
  create: (given) => {
    const limit = paramInRange('delaypredict', 'L', param(given, params, 'L'), 0, infinity);
    const c2 = paramInRange('delaypredict', 'c2', param(given, params, 'c2'), 0, infinity);
    const server = serverTimeCost('delaypredict', given, params);
    const cost = server ? c2 : 0;
    return {
      name: 'delaypredict',
      preemptive: true,
      needs: server ? ['predictedSize', 'size'] : ['predictedSize'],
      rank: (job): Rank => {
        const age = job.age;
        if (age < limit) return { tier: 1, key: 0, slope: 0, until: limit };
        if (age < limit + cost) return { tier: 2, key: 0, slope: 0, until: limit + cost };
        const y = predictedSize(job, 'delaypredict');
        return { tier: 3, key: y - (age - cost), slope: -1, until: infinity };
      },
      workOverhead: (job) => (server && trueSize(job, 'delaypredict') > limit ? c2 : 0),
    };
  },
};
