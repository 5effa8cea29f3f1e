/**
 * Multinomial logistic regression over `classes` length buckets on hashed sparse features,
 * trained by SGD with per-feature AdaGrad step sizes (one accumulator per hashed feature, shared
 * by its class weights, to halve the memory).
 *
 * Weights are row-major by feature: `weights[feature * classes + k]`. `temperature` divides the
 * logits at prediction time (fitted on held-out data to calibrate the spread).
 *
 * Cost per prediction: O(nnz * classes) multiply-adds; per update about twice that. Each logit is
 * the sum of its features' terms in feature order, and a weight listed twice is updated twice in
 * feature order: the loops below visit several rows at a time but keep both orders, so results
 * are the same bit for bit (learned-identity.test.ts).
 *
 * @example
 * const model = createSoftmaxRegression(1 << 18, 30);
 * sgdStep(model, features, target, 0.2);
 * const probs = predictProbs(model, features, new Float64Array(30));
 */

import type { SparseFeatures } from './feature-hasher.js';
import { createSoftmaxKernel, type SoftmaxKernel } from './softmax-kernel.js';

/** The regression's weights and adaptive-step accumulators, and its temperature. */
export interface SoftmaxRegression {
  readonly dimension: number;
  readonly classes: number;
  /** Row-major by feature; in the kernel's memory when there is a kernel. */
  readonly weights: Float32Array;
  /** The inner loops in WebAssembly SIMD (softmax-kernel.ts; same bits), when available. */
  readonly kernel?: SoftmaxKernel | undefined;
  /** AdaGrad accumulators, one per feature; > 0 means "seen in training". */
  readonly accumulators: Float32Array;
  temperature: number;
  updates: number;
}

export function createSoftmaxRegression(dimension: number, classes: number): SoftmaxRegression {
  const kernel = createSoftmaxKernel(dimension, classes);
  return {
    dimension,
    classes,
    weights: kernel?.weights ?? new Float32Array(dimension * classes),
    kernel,
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
  const { classes, weights, kernel } = model;
  const { indices, values } = features;
  const n = indices.length;
  if (kernel !== undefined && n <= kernel.capacity) {
    const rows = kernel.rows;
    const rowValues = kernel.values;
    const rowBytes = classes * 4;
    for (let j = 0; j < n; j++) {
      rows[j] = (indices[j] as number) * rowBytes;
      rowValues[j] = values[j] as number;
    }
    kernel.dot(n);
    const sums = kernel.vector;
    for (let k = 0; k < classes; k++) out[k] = sums[k] as number;
    return softmaxInPlace(out, classes, temperature);
  }
  for (let k = 0; k < classes; k++) out[k] = 0;
  let j = 0;
  // eight rows at a time: an eighth of the reads and writes of `out`
  for (; j + 7 < n; j += 8) {
    const b1 = (indices[j] as number) * classes;
    const b2 = (indices[j + 1] as number) * classes;
    const b3 = (indices[j + 2] as number) * classes;
    const b4 = (indices[j + 3] as number) * classes;
    const b5 = (indices[j + 4] as number) * classes;
    const b6 = (indices[j + 5] as number) * classes;
    const b7 = (indices[j + 6] as number) * classes;
    const b8 = (indices[j + 7] as number) * classes;
    const v1 = values[j] as number;
    const v2 = values[j + 1] as number;
    const v3 = values[j + 2] as number;
    const v4 = values[j + 3] as number;
    const v5 = values[j + 4] as number;
    const v6 = values[j + 5] as number;
    const v7 = values[j + 6] as number;
    const v8 = values[j + 7] as number;
    for (let k = 0; k < classes; k++) {
      out[k] =
        (out[k] as number) +
        v1 * (weights[b1 + k] as number) +
        v2 * (weights[b2 + k] as number) +
        v3 * (weights[b3 + k] as number) +
        v4 * (weights[b4 + k] as number) +
        v5 * (weights[b5 + k] as number) +
        v6 * (weights[b6 + k] as number) +
        v7 * (weights[b7 + k] as number) +
        v8 * (weights[b8 + k] as number);
    }
  }
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
  return softmaxInPlace(out, classes, temperature);
}

/** The logits in `out` (divided by `temperature`) become class probabilities, in place. */
function softmaxInPlace(out: Float64Array, classes: number, temperature: number): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < classes; k++) {
    const logit = (out[k] as number) / temperature;
    out[k] = logit;
    if (logit > max) max = logit;
  }
  let total = 0;
  for (let k = 0; k < classes; k++) {
    const e = Math.exp((out[k] as number) - max);
    out[k] = e;
    total += e;
  }
  for (let k = 0; k < classes; k++) out[k] = (out[k] as number) / total;
  return out;
}

const scratch = {
  probs: new Float64Array(0),
  gradient: new Float64Array(0),
  steps: new Float64Array(1024),
};

/**
 * One SGD step on the cross-entropy against the (soft) `target` distribution.
 * Gradient for class k on feature f: (p_k - target_k) * x_f.
 */
export function sgdStep(
  model: SoftmaxRegression,
  features: SparseFeatures,
  target: ArrayLike<number>,
  learningRate: number,
): void {
  const { classes, weights, accumulators } = model;
  if (scratch.probs.length !== classes) {
    scratch.probs = new Float64Array(classes);
    scratch.gradient = new Float64Array(classes);
  }
  const probs = predictProbs(model, features, scratch.probs, 1);
  const delta = scratch.gradient;
  let deltaSquared = 0;
  for (let k = 0; k < classes; k++) {
    const d = (probs[k] as number) - (target[k] ?? 0);
    delta[k] = d;
    deltaSquared += d ** 2;
  }
  const { indices, values } = features;
  const n = indices.length;
  if (scratch.steps.length < n) scratch.steps = new Float64Array(2 * n);
  const steps = scratch.steps;
  // the accumulators first, in feature order (a feature listed twice sees its first update)
  for (let j = 0; j < n; j++) {
    const feature = indices[j] as number;
    const value = values[j] as number;
    const accumulated = (accumulators[feature] ?? 0) + (value * value * deltaSquared) / classes;
    accumulators[feature] = accumulated;
    steps[j] = (learningRate * value) / Math.sqrt(accumulated + 1e-6);
  }
  const kernel = model.kernel;
  if (kernel !== undefined && n <= kernel.capacity) {
    // one row at a time in feature order (a row listed twice is updated twice in order)
    const rows = kernel.rows;
    const rowSteps = kernel.values;
    const rowBytes = classes * 4;
    for (let r = 0; r < n; r++) {
      rows[r] = (indices[r] as number) * rowBytes;
      rowSteps[r] = steps[r] as number;
    }
    const deltas = kernel.vector;
    for (let k = 0; k < classes; k++) deltas[k] = delta[k] as number;
    kernel.update(n);
    model.updates++;
    return;
  }
  // then the weights, four rows at a time; within a class the rows go in feature order, so a
  // row listed twice is updated twice in order, as one row at a time would
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const b1 = (indices[j] as number) * classes;
    const b2 = (indices[j + 1] as number) * classes;
    const b3 = (indices[j + 2] as number) * classes;
    const b4 = (indices[j + 3] as number) * classes;
    const s1 = steps[j] as number;
    const s2 = steps[j + 1] as number;
    const s3 = steps[j + 2] as number;
    const s4 = steps[j + 3] as number;
    for (let k = 0; k < classes; k++) {
      const d = delta[k] as number;
      weights[b1 + k] = (weights[b1 + k] as number) - s1 * d;
      weights[b2 + k] = (weights[b2 + k] as number) - s2 * d;
      weights[b3 + k] = (weights[b3 + k] as number) - s3 * d;
      weights[b4 + k] = (weights[b4 + k] as number) - s4 * d;
    }
  }
  for (; j < n; j++) {
    const base = (indices[j] as number) * classes;
    const step = steps[j] as number;
    for (let k = 0; k < classes; k++)
      weights[base + k] = (weights[base + k] as number) - step * (delta[k] as number);
  }
  model.updates++;
}

/** Fraction of the given feature indices seen in training (accumulator > 0); 0 for none. */
export function seenFraction(model: SoftmaxRegression, indices: readonly number[]): number {
  if (indices.length === 0) return 0;
  let seen = 0;
  for (let j = 0; j < indices.length; j++)
    if ((model.accumulators[indices[j] ?? 0] ?? 0) > 0) seen++;
  return seen / indices.length;
}
