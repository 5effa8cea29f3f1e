/**
 * `llmsched/predictors`: output-length predictors. The interface, the spec parser the CLI uses
 * (`oracle`, `noisy:...`, `learned:MODEL.json`, ...), the learned predictor (fit, save, load) and
 * the evaluation used by `llmsched predict eval`. The tokenizer loads on first use.
 */
export {
  type EvaluationResult,
  evaluatePredictor,
  type LabelledInput,
} from './eval/evaluate-predictor.js';
export {
  type FitOptions,
  type FitReport,
  fitLearnedPredictor,
  type TrainingExample,
} from './learned/fit-learned.js';
export { loadLearnedModel, saveLearnedModel } from './learned/learned-model-file.js';
export {
  createLearnedPredictor,
  defaultLearnedConfig,
  type LearnedConfig,
  type LearnedPredictor,
  type LearnedState,
} from './learned/learned-predictor.js';
export { createNoisyPredictor, type NoisyPredictorOptions } from './noisy.js';
export { createOraclePredictor } from './oracle.js';
export {
  type PredictorContext,
  type PredictorForm,
  parsePredictorSpec,
  predictorForms,
} from './parse-predictor.js';
export type { LengthPrediction, LengthPredictor, PredictorInput } from './predictor.js';
