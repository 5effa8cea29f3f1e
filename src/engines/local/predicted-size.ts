/**
 * The engine's `--predictor SPEC`: the same predictor specs as the simulator (`oracle`,
 * `noisy:lognormal:0.5`, learned forms; predictors/parse-predictor), or `none`. The engine predicts
 * each request on submission with the same input as the simulator (the oracle reads the trace's
 * true output length), and passes the mean as `predictedSize`, exactly as the simulator does.
 */
import { parsePredictorSpec } from '../../predictors/parse-predictor.js';
import type { LengthPredictor } from '../../predictors/predictor.js';

/** `none` = no predictor; anything else is a predictor spec (throws naming the spec when bad). */
export function predictorFromSpec(spec: string, seed: number): LengthPredictor | undefined {
  if (spec === 'none') return undefined;
  return parsePredictorSpec(spec, { seed });
}
