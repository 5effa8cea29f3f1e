/**
 * `ltr`: Learning to Rank's scheduler (Fu et al., NeurIPS'24; algorithms.md §10.2, vllm-ltr
 * `_get_opt_ordered_requests`): preemptive SJF by a predicted score, with starvation promotion.
 * Why choose: only the ORDER of output lengths matters to SJF; a ranking predictor suffices.
 * Inputs consumed: predictedSize (the score: higher LTR score = shorter = lower predicted length;
 *   never refined), lastTokenAt / waitingSince / arrival (idle time), meanStepSeconds.
 *
 *   promoted(r) = idle(r) >= starvationIterations x meanStepSeconds     (idle = now - last token,
 *                 or since it (re)entered the queue, or arrival)
 *   promoted(r) also when r was preempted maxPreemptions times (anti-thrash, see below)
 *   order all unfinished requests by promoted ? (-1, arrival) : (0, predictedSize), then arrival
 *   strict order (§0.3): build the batch in that order, stop at the first that does not fit the
 *   budget / max_num_seqs; KV short: preempt running requests from the END of the order.
 *
 * Reconstructed: LTR counts idle and promoted time in iterations with per-request state (promoted
 * for PERIOD = 10 scheduled iterations). A batch policy is a pure function of the view, so idle is
 * measured in seconds (`starvationIterations` x the mean step time so far) and a promotion lasts
 * until the request emits a token. That alone thrashes under KV pressure with recompute (a request
 * promoted for one token is evicted again at once: measured 32k preemptions and 1.1 s TPOT on the
 * Azure trace), so `maxPreemptions` (default 1) keeps a preempted request promoted until it
 * finishes; promoted requests are ordered FCFS. LTR preempts by swapping: `--preempt swap`.
 * Tie-break: arrival, then admission sequence. Complexity: O(n) ranks + O(log n) per placed request.
 */

import { constantRank, type Rank } from '../../core/rank.js';
import { idleSeconds } from '../../core/seq-time.js';
import type { EngineView, SeqView } from '../../core/step-plan.js';
import { missingField } from '../missing-field.js';
import { paramInRange } from '../param-range.js';
import { type ParamSpec, param } from '../rank-policy.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { planStrictRank } from './rank-batch.js';

/**
 * `ltr`: Learning to Rank's scheduler (Fu et al., NeurIPS'24; algorithms.md §10.2, vllm-ltr
 * `_get_opt_ordered_requests`): preemptive SJF by a predicted score, with starvation promotion.
 */
export const ltrParams: readonly ParamSpec[] = [
  {
    name: 'starvationIterations',
    default: 200,
    doc: 'STARV: idle iterations (x mean step seconds) before promotion; 0 = no promotion',
  },
  {
    name: 'maxPreemptions',
    default: 1,
    doc: 'a request preempted this many times is promoted (FCFS among promoted); 0 = never',
  },
];

export const ltr: BatchPolicyFactory = {
  name: 'ltr',
  summary: 'Learning to Rank: preemptive SJF by predicted score, starved requests promoted',
  create: (options) => {
    const starvation = paramInRange(
      'ltr',
      'starvationIterations',
      param(options.params ?? {}, ltrParams, 'starvationIterations'),
      0,
      Number.POSITIVE_INFINITY,
    );
    const maxPreemptions = paramInRange(
      'ltr',
      'maxPreemptions',
      param(options.params ?? {}, ltrParams, 'maxPreemptions'),
      0,
      Number.POSITIVE_INFINITY,
    );
    const rankOf = (seq: SeqView, view: EngineView): Rank => {
      if (seq.predictedSize === undefined) throw missingField('ltr', 'predictedSize');
      const bound = starvation * view.meanStepSeconds;
      const promoted =
        (starvation > 0 && bound > 0 && idleSeconds(view, seq) >= bound) ||
        (maxPreemptions > 0 && seq.preemptions >= maxPreemptions);
      // promoted requests run FCFS among themselves: a fixed order, so they never evict each other in a cycle
      return promoted ? constantRank(-1, seq.arrivalTime) : constantRank(0, seq.predictedSize);
    };
    return {
      name: 'ltr',
      needs: ['predictedSize'],
      decodeStable: true,
      plan: (view) =>
        planStrictRank(view, { preemptMode: options.preemptMode ?? 'recompute', rankOf }),
    };
  },
};
