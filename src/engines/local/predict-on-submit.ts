/**
 * The local engine's prediction for a request on submission, from its configured source: none, the
 * request's own `predictedSize` ('per-request'), or a LengthPredictor. With a predictor it also
 * returns the input it predicted from, which the engine passes to `observe` when the request
 * completes, so the predictor learns online.
 */
import { SchedulerError } from '../../core/errors.js';
import type { SizeDistribution } from '../../core/job-view.js';
import { predictionDistribution } from '../../executor/prediction-distribution.js';
import type { PredictorInput } from '../../predictors/predictor.js';
import type { EngineRequest } from './engine-request.js';
import type { LocalEngineOptions } from './local-engine-options.js';

export interface SubmitPrediction {
  readonly predictedSize?: number;
  readonly sizeDistribution?: SizeDistribution;
  readonly predictorInput?: PredictorInput;
}

export function predictOnSubmit(
  request: EngineRequest,
  options: Pick<LocalEngineOptions, 'predictor' | 'policy'>,
): SubmitPrediction {
  const { predictor, policy } = options;
  if (predictor === undefined) return {};
  if (predictor === 'per-request') {
    if (request.predictedSize === undefined && policy.needs?.includes('predictedSize')) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `request ${request.id} has no predictedSize, which policy '${policy.name}' needs (engine predictor: per-request)`,
      );
    }
    return request.predictedSize !== undefined ? { predictedSize: request.predictedSize } : {};
  }
  // the same input goes to predict now and to observe when the request completes (LocalEngine)
  const predictorInput: PredictorInput = {
    id: request.id,
    promptTokens: request.prompt.length,
    ...(request.promptText !== undefined ? { prompt: request.promptText } : {}),
    outputTokens: request.size ?? request.maxTokens,
    maxTokens: request.maxTokens,
    ...(request.group !== undefined ? { group: request.group } : {}),
    ...(request.tenant !== undefined ? { tenant: request.tenant } : {}),
  };
  const prediction = predictor.predict(predictorInput);
  return {
    predictorInput,
    predictedSize: request.predictedSize ?? prediction.mean,
    ...(policy.needs?.includes('sizeDistribution')
      ? { sizeDistribution: predictionDistribution(prediction) }
      : {}),
  };
}
