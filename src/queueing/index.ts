/**
 * `llmsched/queueing`: the M/G/1 lab. Event simulation of any rank policy with predicted job
 * sizes (`simulateMg1`), the analytic formulas, prediction models and service distributions.
 *
 * @example
 * import { createRankPolicy } from 'llmsched';
 * import { exponentialDistribution, exponentialPrediction, simulateMg1 } from 'llmsched/queueing';
 * const result = simulateMg1({
 *   service: exponentialDistribution(1), prediction: exponentialPrediction,
 *   policy: createRankPolicy('sprpt'), lambda: 0.5, jobs: 100_000, seed: 1,
 * });
 */
export { boundedParetoDistribution } from '../core/distributions/bounded-pareto.js';
export { deterministicDistribution } from '../core/distributions/deterministic.js';
export type { Distribution } from '../core/distributions/distribution.js';
export { empiricalDistribution } from '../core/distributions/empirical.js';
export { exponentialDistribution } from '../core/distributions/exponential.js';
export { hyperexponentialDistribution } from '../core/distributions/hyperexponential.js';
export { lognormalDistribution } from '../core/distributions/lognormal.js';
export {
  distributionForms,
  type ParseDistributionOptions,
  parseDistribution,
} from '../core/distributions/parse-distribution.js';
export { weibullDistribution } from '../core/distributions/weibull.js';
export * from './analytic/index.js';
export {
  type Mg1SimConfig,
  type Mg1SimOptions,
  type Mg1SimResult,
  simulateMg1,
} from './mg1-simulator.js';
export type { PredictionModel } from './prediction-model.js';
export * from './prediction-models/index.js';
