/**
 * Trail's limited-preemption SPRPT (Shahout et al., ICLR'25, `LRPSPRPT`; algorithms.md §7.2): SPRPT
 * while a job is young (age < c * y0, its KV cache is small and cheap to preempt), then the job is
 * never preempted again and runs to completion.
 * Why choose: most of SPRPT's gain without preempting old jobs with large KV caches; c = 0 is SPJF,
 * c = 1 is SPRPT (M/G/1 formula in §15.2).
 * Consumes: predictedSize y0 (the cutoff always uses the initial prediction); predictedRemaining
 * when present (the refined sort key, clamped at 0 as the code does), else y0 - age.
 * Rank: age < c * y0 or age = 0 (not started):  (0, remaining), slope -1, until c * y0;
 *       afterwards: (-Infinity, 0), never ends: non-preemptible (the paper's M/G/1 idealisation;
 *       the SGLang code instead sorts past-cutoff *waiting* requests last, which only matters to
 *       executors that can evict a past-cutoff job, e.g. for memory).
 * With c * y0 = 0 the first piece ends at the smallest positive age (Number.MIN_VALUE), so waiting
 * jobs are still ordered by y0 (SPJF) and a started job turns non-preemptible at once.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(1) per rank.
 */

import type { Rank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { predictedSize } from '../predicted-remaining.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';

const params: readonly ParamSpec[] = [
  {
    name: 'c',
    default: 0.8,
    doc: 'preemption limit: preemptible while age < c * y (0 = SPJF, 1 = SPRPT)',
  },
];

/**
 * Trail's limited-preemption SPRPT (Shahout et al., ICLR'25, `LRPSPRPT`; algorithms.md §7.2):
 * SPRPT while a job is young (age < c * y0, its KV cache is small and cheap to preempt), then the
 * job is never preempted again and runs to completion.
 */
export const trail: RankPolicyFactory = {
  name: 'trail',
  summary: 'SPRPT with limited preemption: preemptible only while age < c * predicted size',
  params,
  create: (given) => {
    const c = paramInRange('trail', 'c', param(given, params, 'c'), 0, 1);
    return {
      name: 'trail',
      preemptive: true,
      needs: ['predictedSize'],
      rank: (job): Rank => {
        const y = predictedSize(job, 'trail');
        const age = job.age;
        const cutoff = c * y;
        if (age >= cutoff && age > 0) {
          return {
            tier: Number.NEGATIVE_INFINITY,
            key: 0,
            slope: 0,
            until: Number.POSITIVE_INFINITY,
          };
        }
        const end = cutoff > age ? cutoff : Number.MIN_VALUE;
        const refined = job.predictedRemaining;
        if (refined === undefined) return { tier: 0, key: y - age, slope: -1, until: end };
        const zeroAt = age + refined;
        // A remaining prediction too small to advance the age is already spent.
        if (!(zeroAt > age)) return { tier: 0, key: 0, slope: 0, until: end };
        return {
          tier: 0,
          key: refined,
          slope: -1,
          until: zeroAt > age && zeroAt < end ? zeroAt : end,
        };
      },
    };
  },
};
