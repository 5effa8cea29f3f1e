/**
 * Mean response time of a registry policy in the M/G/1 with predictions, from the formulas of
 * algorithms.md 15 (Pollaczek-Khinchine; Mitzenmacher ITCS'20 and ACDA'21; Trail via SOAP).
 * Unstable input (lambda E[S] >= 1) returns { kind: 'unstable' }; policies without a formula
 * here (mlfq, gittins; skippredict/delaypredict with serverCost=1) return 'unsupported'; las,
 * sprpt-bounce and external-cost skippredict/delaypredict go through SOAP (soap.ts).
 * For the 1-bit policies `threshold: 'optimal'` (default) minimises over T in
 * [0.001, 30] x E[S] (golden section in log scale after a coarse scan); params.T fixes it.
 *
 * @example
 * analyticMeanResponseTime('sprpt', { service: exp, prediction: expPred, lambda: 0.5 });
 * // { kind: 'ok', value: 1.6583 }
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import { type PolicyParams, param } from '../../policies/rank-policy.js';
import { isRankPolicyName, type RankPolicyName, rankPolicies } from '../../policies/registry.js';
import type { PredictionModel } from '../prediction-model.js';
import { exactPrediction } from '../prediction-models/exact-prediction.js';
import type { AnalyticResult } from './analytic-result.js';
import { minimizeLogScale } from './golden-section.js';
import { type JointModel, jointModel } from './joint-model.js';
import {
  fifoMeanResponseTime,
  pspjfMeanResponseTime,
  spjfMeanResponseTime,
  sprptMeanResponseTime,
} from './size-based-formulas.js';
import { type SoapPolicyName, soapPolicyMeanResponseTime } from './soap-mean-response-time.js';
import { type OneBitSource, twoClassMeanResponseTime } from './two-class-formulas.js';

/**
 * The inputs of an analytic mean response time: service and prediction models, load, parameters,
 * threshold.
 */
export interface AnalyticOptions {
  readonly service: Distribution;
  readonly prediction: PredictionModel;
  readonly lambda: number;
  readonly params?: PolicyParams;
  readonly threshold?: number | 'optimal';
}

type Evaluator = (model: JointModel, options: AnalyticOptions) => AnalyticResult;

const ok = (value: number, threshold?: number): AnalyticResult =>
  threshold === undefined ? { kind: 'ok', value } : { kind: 'ok', value, threshold };

/** Known-size policies ignore the prediction: evaluate them with exact predictions. */
const known =
  (formula: (model: JointModel, lambda: number) => number): Evaluator =>
  (model, options) =>
    ok(formula(jointModel(model.service, exactPrediction), options.lambda));

const predicted =
  (formula: (model: JointModel, lambda: number) => number): Evaluator =>
  (model, options) =>
    ok(formula(model, options.lambda));

const oneBit =
  (name: RankPolicyName, source: OneBitSource, preemptive: boolean): Evaluator =>
  (model, options) => {
    const fixed = options.params?.['T'] ?? options.threshold;
    const evaluate = (t: number): number =>
      twoClassMeanResponseTime(model, options.lambda, t, source, preemptive);
    if (typeof fixed === 'number') return ok(evaluate(fixed), fixed);
    if (fixed !== undefined && fixed !== 'optimal') {
      return { kind: 'unsupported', reason: `${name}: bad threshold ${String(fixed)}` };
    }
    const best = optimalThreshold(model, options.lambda, source, preemptive);
    return ok(best.value, best.threshold);
  };

/** The T minimising the 1-bit policy's mean response time at this lambda. */
export function optimalThreshold(
  model: JointModel,
  lambda: number,
  source: OneBitSource,
  preemptive: boolean,
): { readonly threshold: number; readonly value: number } {
  const mean = model.service.mean;
  const best = minimizeLogScale(
    (t) => twoClassMeanResponseTime(model, lambda, t, source, preemptive),
    0.001 * mean,
    30 * mean,
  );
  return { threshold: best.argument, value: best.value };
}

const unsupported =
  (reason: string): Evaluator =>
  () => ({ kind: 'unsupported', reason });

/** SOAP (algorithms.md §15.2; soap.ts): las, sprpt-bounce, external-cost skip/delaypredict. */
const soap =
  (name: SoapPolicyName): Evaluator =>
  (model, options) => {
    const value = soapPolicyMeanResponseTime(
      name,
      model.service,
      model.prediction,
      options.lambda,
      options.params ?? {},
    );
    return typeof value === 'string' ? { kind: 'unsupported', reason: value } : ok(value);
  };

const evaluators: Readonly<Record<RankPolicyName, Evaluator>> = {
  fifo: (model, options) => ok(fifoMeanResponseTime(model, options.lambda)),
  sjf: known(spjfMeanResponseTime),
  psjf: known(pspjfMeanResponseTime),
  srpt: known((model, lambda) => sprptMeanResponseTime(model, lambda, 1)),
  spjf: predicted(spjfMeanResponseTime),
  pspjf: predicted(pspjfMeanResponseTime),
  sprpt: predicted((model, lambda) => sprptMeanResponseTime(model, lambda, 1)),
  trail: (model, options) => {
    const c = param(options.params ?? {}, rankPolicies.trail.params, 'c');
    if (c <= 0) return ok(spjfMeanResponseTime(model, options.lambda));
    return ok(sprptMeanResponseTime(model, options.lambda, Math.min(1, c)));
  },
  'threshold-np': oneBit('threshold-np', 'threshold', false),
  'threshold-p': oneBit('threshold-p', 'threshold', true),
  'onebit-np': oneBit('onebit-np', 'prediction', false),
  'onebit-p': oneBit('onebit-p', 'prediction', true),
  'sprpt-bounce': soap('sprpt-bounce'),
  skippredict: soap('skippredict'),
  delaypredict: soap('delaypredict'),
  gittins: unsupported('no formula here for Gittins with predicted types; use --method sim'),
  las: soap('las'),
  mlfq: unsupported('no formula implemented here; use --method sim'),
};

/** Policies whose size-based formulas need densities (not point masses) for exact sizes. */
const needsDensity = new Set<RankPolicyName>([
  'sjf',
  'psjf',
  'srpt',
  'spjf',
  'pspjf',
  'sprpt',
  'trail',
]);

export function analyticMeanResponseTime(policy: string, options: AnalyticOptions): AnalyticResult {
  if (!isRankPolicyName(policy)) return { kind: 'unsupported', reason: `unknown policy ${policy}` };
  const { service, prediction, lambda } = options;
  const load = lambda * service.mean;
  if (!(load < 1)) return { kind: 'unstable', load };
  const hasAtoms = (service.atoms?.length ?? 0) > 0;
  const exactSizes = prediction.exact || !['spjf', 'pspjf', 'sprpt', 'trail'].includes(policy);
  if (hasAtoms && exactSizes && needsDensity.has(policy)) {
    return {
      kind: 'unsupported',
      reason: `${policy} with point-mass sizes (${service.spec}) and exact ranks: ties need the discrete formulas; use --method sim`,
    };
  }
  return evaluators[policy](jointModel(service, prediction), options);
}
