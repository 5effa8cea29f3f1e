/**
 * The prompt-length regression stacked into the learned predictor: log(output) = a + b *
 * log(1 + promptTokens) with a log-normal spread `sigma`, as a bucket distribution mixed into the
 * learned one with `weight` (0: off). On small datasets the text features overfit while prompt
 * length still ranks (humaneval: length-regression tau 0.389, learned 0.05-0.15), so the weight is
 * fitted on held-out prompts (fit-learned.ts) and is 0 wherever the regression does not help.
 *
 * @example
 * const stack = fitLengthStack(examples); // weight 0 until chosen
 * const probs = stackBuckets(stack, edges, 120);
 */

import { logNormalBuckets } from '../log-normal-buckets.js';

/** The stacked regression's coefficients and its weight in the prediction. */
export interface LengthStack {
  intercept: number;
  slope: number;
  sigma: number;
  weight: number;
}

export function emptyLengthStack(): LengthStack {
  return { intercept: Math.log(100), slope: 0, sigma: 1.5, weight: 0 };
}

/** Ordinary least squares of log(output) on log(1 + promptTokens); weight left at 0. */
export function fitLengthStack(
  examples: readonly { readonly promptTokens: number; readonly outputTokens: number }[],
): LengthStack {
  const n = examples.length;
  if (n < 2) return emptyLengthStack();
  let sx = 0;
  let sy = 0;
  for (const example of examples) {
    sx += Math.log1p(Math.max(0, example.promptTokens));
    sy += Math.log(Math.max(1, example.outputTokens));
  }
  const meanX = sx / n;
  const meanY = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const example of examples) {
    const dx = Math.log1p(Math.max(0, example.promptTokens)) - meanX;
    sxx += dx * dx;
    sxy += dx * (Math.log(Math.max(1, example.outputTokens)) - meanY);
  }
  const slope = sxx > 1e-9 ? sxy / sxx : 0;
  const intercept = meanY - slope * meanX;
  let residual = 0;
  for (const example of examples) {
    const fitted = intercept + slope * Math.log1p(Math.max(0, example.promptTokens));
    residual += (Math.log(Math.max(1, example.outputTokens)) - fitted) ** 2;
  }
  return { intercept, slope, sigma: Math.max(0.05, Math.sqrt(residual / n)), weight: 0 };
}

/** The regression's bucket distribution for a prompt of `promptTokens` tokens. */
export function stackBuckets(
  stack: LengthStack,
  edges: readonly number[],
  promptTokens: number,
): Float64Array {
  const mu = stack.intercept + stack.slope * Math.log1p(Math.max(0, promptTokens));
  return logNormalBuckets(edges, mu, stack.sigma);
}
