/**
 * Scores a predictor on held-out examples: one `predict` per example in file order (no `observe`
 * during evaluation, so all predictors are judged frozen).
 * - kendallTau (tau-b) and spearman between the point prediction (`mean`) and the true length;
 * - maeTokens: mean |mean - actual|; medianAbsRelError: median |mean - actual| / max(1, actual);
 * - bucketAccuracy: the most likely bucket equals the true one (predictors without buckets: the
 *   bucket of `mean`), on the shared half-octave edges;
 * - p90Coverage: share of actual <= predicted p90;
 * - predictMicros: mean wall time of one `predict` (the caller injects the clock: nothing below
 *   cli/ reads time itself), including the feature extraction (cold cache).
 *
 * @example
 * const result = evaluatePredictor(predictor, test, { now: () => performance.now() });
 */

import { bucketIndex, defaultBucketEdges } from '../length-buckets.js';
import type { LengthPredictor } from '../predictor.js';
import { kendallTauB, spearman } from './rank-correlation.js';

/** One predictor's scores on held-out examples: rank correlations, errors and interval coverage. */
export interface EvaluationResult {
  readonly predictor: string;
  readonly n: number;
  readonly kendallTau: number;
  readonly spearman: number;
  readonly maeTokens: number;
  readonly medianAbsRelError: number;
  readonly bucketAccuracy: number;
  readonly p90Coverage: number;
  readonly predictMicros: number;
}

export interface LabelledInput {
  readonly input: Parameters<LengthPredictor['predict']>[0];
  readonly outputTokens: number;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}

export function evaluatePredictor(
  predictor: LengthPredictor,
  examples: readonly LabelledInput[],
  options: { readonly now?: () => number; readonly name?: string } = {},
): EvaluationResult {
  const now = options.now ?? (() => 0);
  const predicted: number[] = [];
  const actual: number[] = [];
  const relativeErrors: number[] = [];
  let absoluteError = 0;
  let bucketHits = 0;
  let covered = 0;
  let elapsedMs = 0;
  for (const example of examples) {
    const started = now();
    const prediction = predictor.predict(example.input);
    elapsedMs += now() - started;
    const truth = example.outputTokens;
    predicted.push(prediction.mean);
    actual.push(truth);
    absoluteError += Math.abs(prediction.mean - truth);
    relativeErrors.push(Math.abs(prediction.mean - truth) / Math.max(1, truth));
    const trueBucket = bucketIndex(defaultBucketEdges, truth);
    const buckets = prediction.buckets;
    const predictedBucket =
      buckets === undefined
        ? bucketIndex(defaultBucketEdges, prediction.mean)
        : bucketIndex(defaultBucketEdges, buckets.edges[argmax(buckets.probs)] ?? 0);
    if (predictedBucket === trueBucket) bucketHits++;
    if (truth <= (prediction.quantiles[8] ?? Number.POSITIVE_INFINITY)) covered++;
  }
  const n = examples.length;
  relativeErrors.sort((a, b) => a - b);
  const median =
    n === 0
      ? 0
      : n % 2 === 1
        ? (relativeErrors[(n - 1) / 2] ?? 0)
        : ((relativeErrors[n / 2 - 1] ?? 0) + (relativeErrors[n / 2] ?? 0)) / 2;
  return {
    predictor: options.name ?? predictor.name,
    n,
    kendallTau: kendallTauB(predicted, actual),
    spearman: spearman(predicted, actual),
    maeTokens: n === 0 ? 0 : absoluteError / n,
    medianAbsRelError: median,
    bucketAccuracy: n === 0 ? 0 : bucketHits / n,
    p90Coverage: n === 0 ? 0 : covered / n,
    predictMicros: n === 0 ? 0 : (elapsedMs * 1000) / n,
  };
}
