/**
 * `fastserve`: FastServe's skip-join MLFQ (Wu et al. 2023; algorithms.md §9.2) with its
 * starvation promotion, as a batch policy over the `mlfq` rank (levels, skip-join, demotion by
 * engine seconds received).
 * Why choose: no predictor at all; approximates SRPT/LAS by demoting requests as they run, and
 *   skip-join keeps long prompts from wasting the top levels.
 * Inputs consumed: serviceSeconds, promptTokens, lastTokenAt / waitingSince / arrival.
 *
 *   level(r)  = the mlfq rank's tier (skip-join by prefill time, demotion by service seconds)
 *   starved(r) = idle(r) >= starvationSeconds -> level 0 (promotion)
 *   order (level, running before queued within a level = FastServe's push-front, arrival)
 *   strict order (§0.3): the highest non-empty levels first, stop at the first that does not fit;
 *   KV short: preempt from the lowest level (end of the order).
 *
 * Reconstructed: FastServe checks starvation every `starvationPeriod` iterations and resets the
 * level; here the check runs every step and the promotion lasts until the request emits a token
 * (a batch policy keeps no state). FastServe swaps proactively: run with `--preempt swap`.
 * Under KV pressure demotion + strict order thrashes (measured on 8,000 Azure requests: 44k
 * recompute / 105k swap preemptions, TPOT 0.5-0.8 s), so `maxPreemptions` (default 1) ranks a
 * preempted request above every level, FCFS among them, until it finishes.
 * mlfq's parameters (q0, ratio, levels, prefillTokensPerSecond) pass through.
 * Tie-break: arrival, then admission sequence. Complexity: O(n K) ranks + O(log n) per placed request.
 */

import type { Rank } from '../../core/rank.js';
import { idleSeconds } from '../../core/seq-time.js';
import type { EngineView, SeqView } from '../../core/step-plan.js';
import { paramInRange } from '../param-range.js';
import { mlfq } from '../rank/mlfq.js';
import { type ParamSpec, param } from '../rank-policy.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { planStrictRank, toJob } from './rank-batch.js';

/**
 * `fastserve`: FastServe's skip-join MLFQ (Wu et al. 2023; algorithms.md §9.2) with its starvation
 * promotion, as a batch policy over the `mlfq` rank (levels, skip-join, demotion by engine seconds
 * received).
 */
export const fastserveParams: readonly ParamSpec[] = [
  {
    name: 'starvationSeconds',
    default: 3,
    doc: 'starvationThreshold: idle seconds before promotion to level 0; 0 = no promotion',
  },
  {
    name: 'maxPreemptions',
    default: 1,
    doc: 'a request preempted this many times ranks above every level (FCFS among them); 0 = never',
  },
  ...mlfq.params,
];

export const fastserve: BatchPolicyFactory = {
  name: 'fastserve',
  summary: 'FastServe skip-join MLFQ with starvation promotion (no predictor)',
  create: (options) => {
    const given = options.params ?? {};
    const starvation = paramInRange(
      'fastserve',
      'starvationSeconds',
      param(given, fastserveParams, 'starvationSeconds'),
      0,
      Number.POSITIVE_INFINITY,
    );
    const mlfqParams = Object.fromEntries(
      mlfq.params.flatMap((spec) =>
        given[spec.name] === undefined ? [] : [[spec.name, given[spec.name] as number]],
      ),
    );
    const levels = mlfq.create(mlfqParams);
    const maxPreemptions = paramInRange(
      'fastserve',
      'maxPreemptions',
      param(given, fastserveParams, 'maxPreemptions'),
      0,
      Number.POSITIVE_INFINITY,
    );
    const rankOf = (seq: SeqView, view: EngineView): Rank => {
      if (maxPreemptions > 0 && seq.preemptions >= maxPreemptions) {
        return { tier: -1, key: seq.arrivalTime, slope: 0, until: Number.POSITIVE_INFINITY };
      }
      if (starvation > 0 && idleSeconds(view, seq) >= starvation) {
        return { tier: 0, key: 0, slope: 0, until: Number.POSITIVE_INFINITY };
      }
      return levels.rank(toJob(seq));
    };
    return {
      name: 'fastserve',
      needs: levels.needs,
      decodeStable: true,
      plan: (view) =>
        planStrictRank(view, {
          preemptMode: options.preemptMode ?? 'recompute',
          rankOf,
          tieBreak: (a, b) => Number(a.state !== 'running') - Number(b.state !== 'running'),
        }),
    };
  },
};
