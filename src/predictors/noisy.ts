/**
 * A noisy oracle: the true output length x distorted by one of the M/G/1 lab's error models
 * (`lognormal:SIGMA` median-unbiased multiplicative — the common default —, `exp` = y ~ Exp(mean x),
 * `uniform:A` = y ~ U[(1-A)x, (1+A)x]). Simulation only (reads `outputTokens`).
 * Deterministic per (seed, request id): the same request always gets the same prediction, whatever
 * the order of calls. Predictions are rounded to whole tokens, at least 1.
 * Quantiles: for lognormal, of x given y (y · exp(σ z_p)); otherwise all equal to y.
 * `remaining` = max(0, y - generated) (no refinement). Optional `costSeconds` per prediction.
 *
 * @example
 * createNoisyPredictor('lognormal:0.5', { seed: 1 }).predict({ id: 'r1', promptTokens: 9, outputTokens: 100 }).mean;
 */

import { createRng } from '../core/rng.js';
import type { PredictionModel } from '../queueing/prediction-model.js';
import { parsePredictionModel } from '../queueing/prediction-models/parse-prediction-model.js';
import type { LengthPredictor } from './predictor.js';

/** Options of the noisy oracle: its seed and the simulated cost of one prediction. */
export interface NoisyPredictorOptions {
  readonly seed?: number;
  readonly costSeconds?: number;
}

const zDeciles = [
  -1.2815515655446004, -0.8416212335729143, -0.5244005127080407, -0.2533471031357997, 0,
  0.2533471031357997, 0.5244005127080407, 0.8416212335729143, 1.2815515655446004,
];

export function createNoisyPredictor(
  spec: string,
  options: NoisyPredictorOptions = {},
): LengthPredictor {
  const model: PredictionModel = parsePredictionModel(spec);
  const root = createRng(options.seed ?? 0).fork(`noisy:${model.spec}`);
  const sigma = model.spec.startsWith('lognormal:')
    ? Number(model.spec.slice('lognormal:'.length))
    : 0;
  const cost = options.costSeconds ?? 0;
  const cache = new Map<string, number>();
  let predictions = 0;
  let missing = 0;
  const predictY = (id: string, outputTokens: number | undefined): number => {
    const known = cache.get(id);
    if (known !== undefined) return known;
    if (outputTokens === undefined) missing++;
    const x = Math.max(1, outputTokens ?? 1);
    const y = Math.max(1, Math.round(model.sample(x, root.fork(id))));
    cache.set(id, y);
    return y;
  };
  return {
    name: `noisy:${model.spec}`,
    predict(request) {
      predictions++;
      const y = predictY(request.id, request.outputTokens);
      const quantiles = zDeciles.map((z) => (sigma > 0 ? y * Math.exp(sigma * z) : y));
      return { mean: y, quantiles, costSeconds: cost };
    },
    observe() {},
    remaining(request, generated) {
      return Math.max(0, predictY(request.id, request.outputTokens) - generated);
    },
    stats: () => ({ predictions, missingTruth: missing }),
  };
}
