import { constantRank, type Rank } from '../../core/rank.js';
import type { EngineView, SeqView } from '../../core/step-plan.js';
import { missingField } from '../missing-field.js';
import { paramInRange } from '../param-range.js';
import { type ParamSpec, param } from '../rank-policy.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { planStrictRank } from './rank-batch.js';

/**
 * `ltr`: Learning to Rank's scheduler (Fu et al., NeurIPS'24; algorithms.md §10.2, vllm-ltr
 * `_get_opt_ordered_requests`): preemptive SJF by a predicted score, with starvation promotion.
 * Why choose: only the ORDER of output lengths matters to SJF; a ranking predictor suffices.
 * Inputs consumed: predictedSize (the score: higher LTR score = shorter = lower predicted length;
 *   never refined), lastTokenAt / waitingSince / arrival (idle time), meanStepSeconds.
 *
 *   promoted(r) = idle(r) >= starvationIterations x meanStepSeconds     (idle = now - last token,
 *                 or since it (re)entered the queue, or arrival)
 *   order all unfinished requests by (promoted ? -1 : 0, predictedSize), arrival
 *   strict order (§0.3): build the batch in that order, stop at the first that does not fit the
 *   budget / max_num_seqs; KV short: preempt running requests from the END of the order.
 *
 * Reconstructed: LTR counts idle and promoted time in iterations with per-request state (promoted
 * for PERIOD = 10 scheduled iterations). A batch policy is a pure function of the view, so idle is
 * measured in seconds (`starvationIterations` x the mean step time so far) and a promotion lasts
 * until the request emits a token. LTR preempts by swapping: run with `--preempt swap` for that.
 * Tie-break: arrival, then admission sequence. Complexity: O(n) ranks + O(log n) per placed request.
 */
export const ltrParams: readonly ParamSpec[] = [
  {
    name: 'starvationIterations',
    default: 200,
    doc: 'STARV: idle iterations (x mean step seconds) before promotion; 0 = no promotion',
  },
];

function idleSeconds(view: EngineView, seq: SeqView): number {
  const since = Math.max(seq.arrivalTime, seq.waitingSince ?? 0, seq.lastTokenAt ?? 0);
  return view.now - since;
}

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
    const rankOf = (seq: SeqView, view: EngineView): Rank => {
      if (seq.predictedSize === undefined) throw missingField('ltr', 'predictedSize');
      const bound = starvation * view.meanStepSeconds;
      const promoted = starvation > 0 && bound > 0 && idleSeconds(view, seq) >= bound;
      return constantRank(promoted ? -1 : 0, seq.predictedSize);
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
