/**
 * Prompt-length regression baseline: log(output) = a + b * log(1 + promptTokens) + noise,
 * fitted online by ordinary least squares on running sufficient statistics (O(1) per observe),
 * with the residual spread as a log-normal around the line. Point = the log-normal mean
 * exp(mu + s^2/2); buckets are the log-normal discretized on the shared edges.
 * Before two distinct prompt lengths are seen, the slope is 0.
 *
 * @example
 * const regression = createLengthRegression();
 * regression.observe({ id: 'a', promptTokens: 100 }, 50);
 */

import { predictionFromBuckets } from '../bucket-prediction.js';
import { conditionalRemaining, defaultBucketEdges } from '../length-buckets.js';
import { logNormalBuckets } from '../log-normal-buckets.js';
import type { LengthPredictor, PredictorInput } from '../predictor.js';

/**
 * Prompt-length regression baseline: log(output) = a + b * log(1 + promptTokens) + noise, fitted
 * online by ordinary least squares on running sufficient statistics (O(1) per observe), with the
 * residual spread as a log-normal around the line.
 */
export function createLengthRegression(): LengthPredictor {
  const edges = defaultBucketEdges;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  const counters = { predictions: 0, observations: 0, fallbacks: 0 };
  const line = (request: PredictorInput): { mu: number; sigma: number } => {
    const x = Math.log1p(Math.max(0, request.promptTokens));
    if (n === 0) return { mu: Math.log(100), sigma: 1.5 };
    const meanX = sx / n;
    const meanY = sy / n;
    const varX = sxx / n - meanX * meanX;
    const slope = varX > 1e-9 ? (sxy / n - meanX * meanY) / varX : 0;
    const intercept = meanY - slope * meanX;
    // residual variance from the sufficient statistics
    const residual = Math.max(
      0,
      syy / n -
        2 * intercept * meanY -
        2 * slope * (sxy / n) +
        intercept * intercept +
        2 * intercept * slope * meanX +
        slope * slope * (sxx / n),
    );
    return { mu: intercept + slope * x, sigma: Math.max(0.05, Math.sqrt(residual)) };
  };
  const distribution = (request: PredictorInput): Float64Array => {
    const { mu, sigma } = line(request);
    return logNormalBuckets(edges, mu, sigma);
  };
  return {
    name: 'length-regression',
    predict(request) {
      counters.predictions++;
      const { mu, sigma } = line(request);
      const prediction = predictionFromBuckets(edges, distribution(request), {
        costSeconds: 0,
        cap: request.maxTokens,
      });
      const mean = Math.exp(mu + (sigma * sigma) / 2);
      return { ...prediction, mean: Math.min(mean, request.maxTokens ?? Number.POSITIVE_INFINITY) };
    },
    observe(request, actualOutputTokens) {
      counters.observations++;
      if (!Number.isFinite(actualOutputTokens) || actualOutputTokens < 0) {
        counters.fallbacks++;
        return;
      }
      const x = Math.log1p(Math.max(0, request.promptTokens));
      const y = Math.log(Math.max(1, actualOutputTokens));
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
    },
    remaining: (request, generated) =>
      conditionalRemaining(edges, distribution(request), generated),
    stats: () => ({ ...counters }),
  };
}
