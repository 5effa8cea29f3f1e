/**
 * SkipPredict (Shahout & Mitzenmacher, NeurIPS'24; algorithms.md §5): a cheap 1-bit prediction for
 * every job, the expensive size prediction only for jobs flagged long. Predicted-short jobs run FCFS
 * ahead of all long jobs; long jobs run SPRPT on the expensive prediction.
 * Why choose: predictions cost something and c2 >> c1, particularly at high load.
 * Consumes: predictedSize y. With one predictor in the executor, the cheap bit is `y <= T` and the
 * expensive prediction is the same y (an executor with two predictors would feed the bit through T);
 * parameters T, c1, c2, serverCost.
 * Ranks (lower first; age counts the job's prediction work in the server-time model):
 *   server-time: age < c1 (cheap prediction)          (2, 0)
 *                predicted short, age >= c1            (1, 0)       FCFS among shorts
 *                predicted long, c1 <= age < c1 + c2   (3, 0)       expensive prediction
 *                predicted long, age >= c1 + c2        (4, y - (age - c1 - c2)), slope -1
 *   external:    short (1, 0); long (4, y - age), slope -1.
 * `workOverhead` is c1 + c2 * [long] in the server-time model (0 external); executors add it.
 * Within tiers 1-3 order is FCFS with no preemption (equal ranks; ties by arrival) [unverified tie rules].
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import type { Rank } from '../../core/rank.js';
import { constantRank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { predictedSize } from '../predicted-remaining.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';
import { c2Param, serverCostParam, serverTimeCost } from './server-cost.js';

const params: readonly ParamSpec[] = [
  { name: 'T', default: 1, doc: 'threshold of the cheap 1-bit predictor: short iff y <= T' },
  { name: 'c1', default: 0, doc: 'cost of the cheap 1-bit prediction (work units)' },
  c2Param,
  serverCostParam,
];

const infinity = Number.POSITIVE_INFINITY;

/**
 * SkipPredict (Shahout & Mitzenmacher, NeurIPS'24; algorithms.md §5): a cheap 1-bit prediction for
 * every job, the expensive size prediction only for jobs flagged long.
 */
export const skippredict: RankPolicyFactory = {
  name: 'skippredict',
  summary: 'cheap 1-bit prediction for all, expensive prediction only for long jobs (SPRPT)',
  params,
  create: (given) => {
    const threshold = paramInRange('skippredict', 'T', param(given, params, 'T'), 0, infinity);
    const c1 = paramInRange('skippredict', 'c1', param(given, params, 'c1'), 0, infinity);
    const c2 = paramInRange('skippredict', 'c2', param(given, params, 'c2'), 0, infinity);
    const server = serverTimeCost('skippredict', given, params);
    return {
      name: 'skippredict',
      preemptive: true,
      needs: ['predictedSize'],
      rank: (job): Rank => {
        const y = predictedSize(job, 'skippredict');
        const age = job.age;
        const short = y <= threshold;
        if (!server) {
          if (short) return constantRank(1, 0);
          return { tier: 4, key: y - age, slope: -1, until: infinity };
        }
        if (age < c1) return { tier: 2, key: 0, slope: 0, until: c1 };
        if (short) return constantRank(1, 0);
        if (age < c1 + c2) return { tier: 3, key: 0, slope: 0, until: c1 + c2 };
        return { tier: 4, key: y - (age - c1 - c2), slope: -1, until: infinity };
      },
      workOverhead: (job) =>
        server ? c1 + (predictedSize(job, 'skippredict') <= threshold ? 0 : c2) : 0,
    };
  },
};
