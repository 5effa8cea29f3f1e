/**
 * `predicted-cost`: the default predicted scheduler (docs/policies/predicted-cost.md).
 * Why choose: on a KV-bound LLM engine, admission order is what a predictor can change; ranking by
 *   the predicted remaining GPU cost (uncached prompt + weighted output) helps far more than by the
 *   output alone; running decodes never lose their slot to a waiting prefill, and a step budget of
 *   stepTokens (2,048) keeps prefill chunks from stretching every decode step (TPOT falls by a third).
 * Inputs consumed: predictedSize (or predictedRemaining), prompt/cached/computed tokens, arrival.
 *
 *   step budget: min(max_num_batched_tokens, max(stepTokens, running + 1)) tokens
 *   running requests: vLLM running-first, decodes before prefill chunks (each by arrival); KV
 *     shortage preempts the last of that order (memory is the only reason to preempt)
 *   admission order: key = cost x exp(-wait / agingSeconds), lowest first, no skipping, where
 *     cost = tokens to (re)compute before the next output token + outputWeight x predicted remaining
 *     output (at least 1), and wait = now - arrival.
 *
 *   admission deferral (admission-deferral.ts; a no-op unless the executor's step estimate is
 *     additive, one more decode costing more than the step's fixed part: the built-in CPU engine,
 *     never a GPU preset): a queued request costlier than every running decode of the step is not
 *     admitted (optionally bounded: deferFactor x its own work).
 *   option decodeSlots K > 0 (engines whose decodes do not batch, off by default): a step runs only
 *     the K running decodes of lowest key, the others keep their KV and wait (decode-slots.ts).
 *
 * Aging bound: cost is in [1, maxCost], so a request is never passed by one that arrived more than
 * agingSeconds x ln(maxCost) seconds after it (ln(cost_a) + t_a / E < ln(cost_b) + t_b / E).
 * Tie-break: arrival, then admission sequence. Complexity and the incremental order kept between
 * steps (per policy instance, exact): running-first.ts.
 */

import { SchedulerError } from '../../core/errors.js';
import type { EngineView, SeqView, StepPlan } from '../../core/step-plan.js';
import { paramInRange } from '../param-range.js';
import type { ParamSpec } from '../rank-policy.js';
import { param } from '../rank-policy.js';
import { deferAdmissions } from './admission-deferral.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { limitDecodes } from './decode-slots.js';
import { createRunningFirst } from './running-first.js';
import {
  compareDecodesFirst,
  isDecoding,
  pendingTokens,
  predictedOutputLeft,
} from './seq-tokens.js';

/** `predicted-cost`: the default predicted scheduler (docs/policies/predicted-cost.md). */
export const predictedCostParams: readonly ParamSpec[] = [
  {
    name: 'outputWeight',
    default: 1,
    doc: 'cost of one predicted output token in prompt-token units (decode vs prefill time)',
  },
  {
    name: 'agingSeconds',
    default: 45,
    doc: 'E: the key decays as exp(-wait / E); larger = closer to pure size order',
  },
  {
    name: 'stepTokens',
    default: 2048,
    doc: 'token budget of a step (decodes + prefill chunks); 0 = the engine max_num_batched_tokens',
  },
  {
    name: 'decodeSlots',
    default: 0,
    doc: 'at most this many running decodes a step, lowest key first (engines whose decodes do not batch); 0 = all',
  },
  {
    name: 'deferAdmission',
    default: 1,
    doc: 'executors with additive steps (c > b): admit no request costlier than every running decode (1 on, 0 off)',
  },
  {
    name: 'deferFactor',
    default: 0,
    doc: 'bound of deferAdmission: not deferred once waited this x its own work; 0 = no bound (aging only)',
  },
];

/** The remaining predicted cost of `seq` in prompt-token units. */
export function predictedCost(seq: SeqView, outputWeight: number, policy: string): number {
  const remaining = predictedOutputLeft(seq, policy);
  const pending = seq.state === 'running' ? 0 : pendingTokens(seq);
  return pending + outputWeight * Math.max(1, remaining);
}

export const predictedCostPolicy: BatchPolicyFactory = {
  name: 'predicted-cost',
  summary:
    'running first, 2048-token steps; admit by predicted remaining cost (uncached prompt + w x output), aged; preempt only for memory',
  create: (options) => {
    const given = options.params ?? {};
    const outputWeight = paramInRange(
      'predicted-cost',
      'outputWeight',
      param(given, predictedCostParams, 'outputWeight'),
      0,
      1000,
    );
    const aging = paramInRange(
      'predicted-cost',
      'agingSeconds',
      param(given, predictedCostParams, 'agingSeconds'),
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
    );
    const stepParam = paramInRange(
      'predicted-cost',
      'stepTokens',
      param(given, predictedCostParams, 'stepTokens'),
      0,
      Number.POSITIVE_INFINITY,
    );
    const stepTokens = options.dispatchOnly ? 0 : stepParam;
    const decodeSlots = paramInRange(
      'predicted-cost',
      'decodeSlots',
      param(given, predictedCostParams, 'decodeSlots'),
      0,
      Number.POSITIVE_INFINITY,
    );
    if (!Number.isInteger(decodeSlots)) {
      throw new SchedulerError(
        'CONFIG_INVALID',
        `predicted-cost: decodeSlots must be an integer >= 0, got ${decodeSlots}`,
      );
    }
    const deferAdmission = paramInRange(
      'predicted-cost',
      'deferAdmission',
      param(given, predictedCostParams, 'deferAdmission'),
      0,
      1,
    );
    const deferFactor = paramInRange(
      'predicted-cost',
      'deferFactor',
      param(given, predictedCostParams, 'deferFactor'),
      0,
      Number.POSITIVE_INFINITY,
    );
    // ln(cost x exp(-(now - arrival) / E)) + now / E: the same order at every `now`
    const keyOf = (seq: SeqView): number =>
      Math.log(predictedCost(seq, outputWeight, 'predicted-cost')) + seq.arrivalTime / aging;
    const planner = createRunningFirst({
      preemptMode: options.preemptMode ?? 'recompute',
      compareRunning: compareDecodesFirst,
      runningTierOf: (seq) => Number(!isDecoding(seq)),
      stepTokens,
      keyOf: (seq: SeqView, _view: EngineView) => keyOf(seq),
      queueKeysStable: true,
    });
    const limited =
      decodeSlots > 0 && !options.dispatchOnly
        ? (view: EngineView): StepPlan => limitDecodes(planner.plan(view), view, decodeSlots, keyOf)
        : (view: EngineView): StepPlan => planner.plan(view);
    // admission deferral (admission-deferral.ts): a no-op unless the executor's steps are additive
    const outputLeft = (seq: SeqView): number =>
      Math.max(1, predictedOutputLeft(seq, 'predicted-cost'));
    const deferral = {
      factor: deferFactor,
      keyOf: (seq: SeqView): number =>
        Math.log(pendingTokens(seq) + outputWeight * outputLeft(seq)) + seq.arrivalTime / aging,
      outputLeft,
    };
    const plan =
      deferAdmission > 0 && !options.dispatchOnly
        ? (view: EngineView): StepPlan => deferAdmissions(limited(view), view, deferral)
        : limited;
    return {
      name: 'predicted-cost',
      needs: ['predictedSize'],
      // decode limiting may leave running decodes out (no decode fast-forward); deferral only
      // leaves out admissions, so a plan of running decodes only is never changed
      decodeStable: !(decodeSlots > 0 && !options.dispatchOnly),
      plan,
    };
  },
};
