/**
 * Output-length predictions for the engine's replay (`--predictor`). `oracle` passes the trace's
 * true output length (the upper bound of what prediction-based policies can gain); `none` passes
 * nothing (fine for policies that need no prediction). Learned predictors plug in through the
 * `LengthPredictor` interface (`fromPredictor`).
 */
import { unknownName } from '../../core/errors.js';
import type { SchedRequest } from '../../core/request.js';
import type { LengthPredictor } from '../../predictors/predictor.js';

export type PredictFn = (request: SchedRequest) => number | undefined;

export const builtinPredictors = {
  oracle: (request: SchedRequest) => request.outputTokens,
  none: () => undefined,
} as const satisfies Record<string, PredictFn>;

export const builtinPredictorNames = Object.keys(builtinPredictors);

export function builtinPredictor(name: string): PredictFn {
  if (!Object.hasOwn(builtinPredictors, name)) throw unknownName('predictor', name, builtinPredictorNames);
  return builtinPredictors[name as keyof typeof builtinPredictors];
}

/** Adapts any LengthPredictor (its mean prediction). */
export function fromPredictor(predictor: LengthPredictor): PredictFn {
  return (request) => {
    const input = {
      id: request.id,
      promptTokens: request.promptTokens,
      ...(request.prompt !== undefined ? { prompt: request.prompt } : {}),
      ...(request.group !== undefined ? { group: request.group } : {}),
      ...(request.maxTokens !== undefined ? { maxTokens: request.maxTokens } : {}),
    };
    return Math.max(1, Math.round(predictor.predict(input).mean));
  };
}
