/**
 * Baselines that ignore the prompt text and answer from empirical length histograms, learned
 * online by `observe`:
 * - `global-mean`: point = running mean of all observed lengths;
 * - `global-median`: point = global median;
 * - `group-median`: point = median of the request's group (system prompt / prefix id), else its
 *   model, else global (at least 10 observations per key; see group-histograms.ts).
 * The point estimate goes in `mean` (for the median baselines it IS the median, which is what
 * "predict the median" means); quantiles and buckets come from the histogram used, so p90
 * coverage is comparable with the learned predictor. Medians are read from the half-octave
 * histogram (geometric interpolation), not from stored samples.
 *
 * @example
 * const baseline = createHistogramBaseline('group-median');
 * baseline.observe({ id: 'a', promptTokens: 3, group: 'sys-1' }, 40);
 */

import { predictionFromBuckets } from '../bucket-prediction.js';
import {
  createGroupHistograms,
  type GroupHistograms,
  groupDistribution,
  observeGroup,
} from '../group-histograms.js';
import {
  conditionalRemaining,
  defaultBucketEdges,
  distributionQuantile,
} from '../length-buckets.js';
import type { LengthPredictor, PredictorInput } from '../predictor.js';

/**
 * Which statistic the baseline answers with: the global mean or median, or the median of the
 * request's group.
 */
export type HistogramBaselineKind = 'global-mean' | 'global-median' | 'group-median';

export function createHistogramBaseline(kind: HistogramBaselineKind): LengthPredictor {
  const edges = defaultBucketEdges;
  const histograms: GroupHistograms = createGroupHistograms(edges);
  let count = 0;
  let sum = 0;
  const counters = { predictions: 0, observations: 0, fallbacks: 0 };
  const distribution = (request: PredictorInput): Float64Array =>
    kind === 'group-median'
      ? groupDistribution(histograms, request)
      : groupDistribution(histograms, { id: request.id, promptTokens: request.promptTokens });
  return {
    name: kind,
    predict(request) {
      counters.predictions++;
      const probs = distribution(request);
      const prediction = predictionFromBuckets(edges, probs, { costSeconds: 0 });
      const point =
        kind === 'global-mean' && count > 0 ? sum / count : distributionQuantile(edges, probs, 0.5);
      return { ...prediction, mean: point };
    },
    observe(request, actualOutputTokens) {
      counters.observations++;
      if (!Number.isFinite(actualOutputTokens) || actualOutputTokens < 0) {
        counters.fallbacks++;
        return;
      }
      count++;
      sum += actualOutputTokens;
      observeGroup(histograms, request, actualOutputTokens);
    },
    remaining: (request, generated) =>
      conditionalRemaining(edges, distribution(request), generated),
    stats: () => ({ ...counters }),
  };
}
