/**
 * Output-length predictions for the engine's replay (`--predictor SPEC`), through the same predictor
 * specs as the simulator (`oracle`, `noisy:lognormal:0.5`, learned forms; predictors/parse-predictor)
 * and the same input (the oracle reads the trace's true output length). The engine passes the
 * prediction's mean as `predictedSize`, exactly as the simulator does.
 */
import type { SchedRequest } from '../../core/request.js';
import { parsePredictorSpec } from '../../predictors/parse-predictor.js';
import type { LengthPredictor } from '../../predictors/predictor.js';

export type PredictFn = (request: SchedRequest) => number | undefined;

/** Adapts any LengthPredictor (its mean prediction). */
export function fromPredictor(predictor: LengthPredictor): PredictFn {
  return (request) =>
    predictor.predict({
      id: request.id,
      promptTokens: request.promptTokens,
      outputTokens: request.outputTokens,
      ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
      ...(request.group !== undefined ? { group: request.group } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    }).mean;
}

/** `none` = no prediction; anything else is a predictor spec (throws naming the spec when bad). */
export function predictorFromSpec(spec: string, seed: number): PredictFn {
  if (spec === 'none') return () => undefined;
  return fromPredictor(parsePredictorSpec(spec, { seed }));
}
