/**
 * The accepted prediction-model specs, for help texts and errors (`parsePredictionModel` parses
 * them). A module of its own so that `llmsched queueing --help` lists them without loading the
 * models.
 *
 * @example
 * predictionModelForms.join(' | '); // 'exact | exp | uniform:ALPHA | lognormal:SIGMA'
 */
export const predictionModelForms = ['exact', 'exp', 'uniform:ALPHA', 'lognormal:SIGMA'] as const;
