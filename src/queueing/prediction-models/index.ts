/** The M/G/1 lab's prediction models (how y relates to x), and their spec parser. */
export { exactPrediction } from './exact-prediction.js';
export { exponentialPrediction } from './exponential-prediction.js';
export { lognormalPrediction } from './lognormal-prediction.js';
export { parsePredictionModel, predictionModelForms } from './parse-prediction-model.js';
export { uniformPrediction } from './uniform-prediction.js';
