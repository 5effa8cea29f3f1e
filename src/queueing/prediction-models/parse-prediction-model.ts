/**
 * Prediction-model specs for the M/G/1 lab (`--prediction exact|exp|uniform:ALPHA|lognormal:SIGMA`):
 * a registry of builders by name, each argument checked, one INPUT_INVALID error naming the spec
 * and the expected forms otherwise.
 */
import { invalidSpec, parseSpecArguments } from '../../core/distributions/parse-spec-arguments.js';
import type { PredictionModel } from '../prediction-model.js';
import { exactPrediction } from './exact-prediction.js';
import { exponentialPrediction } from './exponential-prediction.js';
import { lognormalPrediction } from './lognormal-prediction.js';
import { predictionModelForms } from './prediction-model-forms.js';
import { uniformPrediction } from './uniform-prediction.js';

export { predictionModelForms };

const expected = predictionModelForms.join(' | ');

/** Builders by spec name: a registry, not an if-chain. */
const builders: Readonly<Record<string, (spec: string) => PredictionModel>> = {
  exact: (spec) => {
    parseSpecArguments(spec, 'exact', 0);
    return exactPrediction;
  },
  exp: (spec) => {
    parseSpecArguments(spec, 'exp', 0);
    return exponentialPrediction;
  },
  uniform: (spec) => {
    const [alpha = Number.NaN] = parseSpecArguments(spec, 'uniform:ALPHA', 1);
    if (!(alpha > 0 && alpha <= 1))
      throw invalidSpec(spec, 'uniform:ALPHA', 'ALPHA must be in (0, 1]');
    return uniformPrediction(alpha);
  },
  lognormal: (spec) => {
    const [sigma = Number.NaN] = parseSpecArguments(spec, 'lognormal:SIGMA', 1);
    if (!(sigma > 0)) throw invalidSpec(spec, 'lognormal:SIGMA', 'SIGMA must be > 0');
    return lognormalPrediction(sigma);
  },
};

/**
 * Parses a prediction-model spec: `exact`, `exp`, `uniform:ALPHA` (0 < ALPHA <= 1),
 * `lognormal:SIGMA` (SIGMA > 0; median-unbiased). Throws SchedulerError('INPUT_INVALID') naming
 * the spec and the expected forms.
 *
 * @example
 * parsePredictionModel('uniform:0.3').cdf(1, 1); // 0.5
 */
export function parsePredictionModel(spec: string): PredictionModel {
  const trimmed = spec.trim();
  const name = trimmed.split(':', 1)[0] ?? '';
  const build = Object.hasOwn(builders, name) ? builders[name] : undefined;
  if (!build) throw invalidSpec(spec, expected, `unknown prediction model '${name}'`);
  return build(trimmed);
}
