/**
 * FastServe's skip-join MLFQ (Wu et al. 2023; algorithms.md §9) expressed as a rank.
 * Why choose: output lengths unknown; approximates LAS/SRPT with few levels, and skip-join avoids
 * pointless demotions of long-prompt jobs. Gains depend on cheap preemption (KV swapping).
 * Consumes: serviceSeconds (execution time received; the M/G/1 lab passes age when absent) and
 * promptTokens (skip-join; absent = level 0).
 * Rank: (level, 0). A job joins level l0 = the smallest i with q0 * ratio^i >= prefill seconds, and
 * leaves level l (demotion) after sum_{i=l0..l} q_i seconds of service; the last level is absorbing.
 * `until` is the age at which the next demotion happens, assuming age advances with service
 * seconds (exact in the M/G/1 lab; LLM executors recompute every iteration anyway).
 * Not expressible as a pure rank, handled by the LLM executors instead:
 *  - push-front requeue: FastServe puts a job that just ran back at the FRONT of its level; the rank
 *    orders a level by arrival, which keeps an already-running job ahead of newer jobs of its level
 *    (as push-front does) but behind older ones demoted into the level later. Executors that want
 *    the exact FastServe order keep the running set ahead within a level (sort running first).
 *  - starvation promotion (every starvationPeriod iterations, a job idle for starvationThreshold
 *    seconds goes back to level 0): it needs the clock and per-job idle time, so the executor
 *    tracks idle time and promotes by overriding the tier with 0 for that job.
 * Tie-break: arrival, then admission sequence (FCFS within a level).
 * Complexity: O(K) per rank for K levels.
 */

import type { Rank } from '../../core/rank.js';
import { paramInRange } from '../param-range.js';
import { type ParamSpec, param, type RankPolicyFactory } from '../rank-policy.js';

const params: readonly ParamSpec[] = [
  {
    name: 'q0',
    default: 0.01,
    doc: 'quantum of the top level, seconds of service (FastServe 10 ms)',
  },
  { name: 'ratio', default: 2, doc: 'quantum growth per level: q_i = q0 * ratio^i' },
  {
    name: 'levels',
    default: 16,
    doc: 'levels K, the last never demotes (not given in the spec; 16 x 10 ms x 2^i reaches 327 s)',
  },
  {
    name: 'prefillTokensPerSecond',
    default: 10_000,
    doc: 'skip-join: profiled prefill speed; a prompt of P tokens takes P / this seconds',
  },
];

/** Skip-join: the highest level whose quantum covers the job's initial (prefill) time. */
function joinLevel(initSeconds: number, q0: number, ratio: number, levels: number): number {
  let level = 0;
  let quantum = q0;
  while (level < levels - 1 && quantum < initSeconds) {
    level++;
    quantum *= ratio;
  }
  return level;
}

/** FastServe's skip-join MLFQ (Wu et al. 2023; algorithms.md §9) expressed as a rank. */
export const mlfq: RankPolicyFactory = {
  name: 'mlfq',
  summary: 'FastServe skip-join multi-level feedback queue (demotion by service time)',
  params,
  create: (given) => {
    const q0 = paramInRange('mlfq', 'q0', param(given, params, 'q0'), Number.MIN_VALUE, Infinity);
    const ratio = paramInRange('mlfq', 'ratio', param(given, params, 'ratio'), 1, Infinity);
    const levels = Math.floor(
      paramInRange('mlfq', 'levels', param(given, params, 'levels'), 1, 64),
    );
    const rate = paramInRange(
      'mlfq',
      'prefillTokensPerSecond',
      param(given, params, 'prefillTokensPerSecond'),
      Number.MIN_VALUE,
      Infinity,
    );
    return {
      name: 'mlfq',
      preemptive: true,
      needs: ['serviceSeconds', 'promptTokens'],
      rank: (job): Rank => {
        const served = job.serviceSeconds ?? job.age;
        const start = joinLevel((job.promptTokens ?? 0) / rate, q0, ratio, levels);
        let level = start;
        let quantum = q0 * ratio ** start;
        let boundary = quantum;
        while (level < levels - 1 && served >= boundary) {
          level++;
          quantum *= ratio;
          boundary += quantum;
        }
        if (level === levels - 1) {
          return { tier: level, key: 0, slope: 0, until: Number.POSITIVE_INFINITY };
        }
        return { tier: level, key: 0, slope: 0, until: job.age + (boundary - served) };
      },
    };
  },
};
