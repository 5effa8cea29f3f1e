/**
 * Multinomial logistic regression over `classes` length buckets on hashed sparse features,
 * trained by SGD with per-feature AdaGrad step sizes (one accumulator per hashed feature, shared
 * by its class weights, to halve the memory).
 *
 * Weights are row-major by feature: `weights[feature * classes + k]`. `temperature` divides the
 * logits at prediction time (fitted on held-out data to calibrate the spread).
 *
 * Cost per prediction: O(nnz * classes) multiply-adds; per update about twice that.
 *
 * @example
 * const model = createSoftmaxRegression(1 << 18, 30);
 * sgdStep(model, features, target, 0.2);
 * const probs = predictProbs(model, features, new Float64Array(30));
 */

import type { SparseFeatures } from './feature-hasher.js';

/** The regression's weights and adaptive-step accumulators, and its temperature. */
export interface SoftmaxRegression {
  readonly dimension: number;
  readonly classes: number;
  readonly weights: Float32Array;
  /** AdaGrad accumulators, one per feature; > 0 means "seen in training". */
  readonly accumulators: Float32Array;
  temperature: number;
  updates: number;
}

export function createSoftmaxRegression(dimension: number, classes: number): SoftmaxRegression {
  return {
    dimension,
    classes,
    weights: new Float32Array(dimension * classes),
    accumulators: new Float32Array(dimension),
    temperature: 1,
    updates: 0,
  };
}

/** Writes class probabilities into `out` (length `classes`) and returns it. */
export function predictProbs(
  model: SoftmaxRegression,
  features: SparseFeatures,
  out: Float64Array,
  temperature: number = model.temperature,
): Float64Array {
  const { classes, weights } = model;
  out.fill(0);
  const { indices, values } = features;
  const n = indices.length;
  let j = 0;
  // four rows at a time: a quarter of the reads and writes of `out` (2.5x faster, bench/predict.ts)
  for (; j + 3 < n; j += 4) {
    const b1 = (indices[j] as number) * classes;
    const b2 = (indices[j + 1] as number) * classes;
    const b3 = (indices[j + 2] as number) * classes;
    const b4 = (indices[j + 3] as number) * classes;
    const v1 = values[j] as number;
    const v2 = values[j + 1] as number;
    const v3 = values[j + 2] as number;
    const v4 = values[j + 3] as number;
    for (let k = 0; k < classes; k++) {
      out[k] =
        (out[k] as number) +
        v1 * (weights[b1 + k] as number) +
        v2 * (weights[b2 + k] as number) +
        v3 * (weights[b3 + k] as number) +
        v4 * (weights[b4 + k] as number);
    }
  }
  for (; j < n; j++) {
    const base = (indices[j] as number) * classes;
    const value = values[j] as number;
    for (let k = 0; k < classes; k++)
      out[k] = (out[k] as number) + value * (weights[base + k] as number);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classes; k++) {
    out[k] = (out[k] ?? 0) / temperature;
    if ((out[k] ?? 0) > max) max = out[k] ?? 0;
  }
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const e = Math.exp((out[k] ?? 0) - max);
    out[k] = e;
    total += e;
  }
  for (let k = 0; k < classes; k++) out[k] = (out[k] ?? 0) / total;
  return out;
}

const scratch = { probs: new Float64Array(0), gradient: new Float64Array(0) };

/**
 * One SGD step on the cross-entropy against the (soft) `target` distribution; returns the loss.
 * Gradient for class k on feature f: (p_k - target_k) * x_f.
 */
export function sgdStep(
  model: SoftmaxRegression,
  features: SparseFeatures,
  target: ArrayLike<number>,
  learningRate: number,
): number {
  const { classes, weights, accumulators } = model;
  if (scratch.probs.length !== classes) {
    scratch.probs = new Float64Array(classes);
    scratch.gradient = new Float64Array(classes);
  }
  const probs = predictProbs(model, features, scratch.probs, 1);
  const delta = scratch.gradient;
  let loss = 0;
  for (let k = 0; k < classes; k++) {
    const t = target[k] ?? 0;
    delta[k] = (probs[k] ?? 0) - t;
    if (t > 0) loss -= t * Math.log(Math.max(1e-12, probs[k] ?? 0));
  }
  let deltaSquared = 0;
  for (let k = 0; k < classes; k++) deltaSquared += (delta[k] ?? 0) ** 2;
  const { indices, values } = features;
  for (let j = 0; j < indices.length; j++) {
    const feature = indices[j] ?? 0;
    const value = values[j] ?? 0;
    const accumulated = (accumulators[feature] ?? 0) + (value * value * deltaSquared) / classes;
    accumulators[feature] = accumulated;
    const step = (learningRate * value) / Math.sqrt(accumulated + 1e-6);
    const base = feature * classes;
    for (let k = 0; k < classes; k++)
      weights[base + k] = (weights[base + k] ?? 0) - step * (delta[k] ?? 0);
  }
  model.updates++;
  return loss;
}

/** Fraction of the given feature indices seen in training (accumulator > 0); 0 for none. */
export function seenFraction(model: SoftmaxRegression, indices: readonly number[]): number {
  if (indices.length === 0) return 0;
  let seen = 0;
  for (let j = 0; j < indices.length; j++)
    if ((model.accumulators[indices[j] ?? 0] ?? 0) > 0) seen++;
  return seen / indices.length;
}
