/**
 * One-bit advice in the M/G/1 (Mitzenmacher, "Queues with Small Advice", ACDA'21;
 * algorithms.md 4 and 15.5): jobs are short or long, shorts go first.
 * p1 = P(short), m1 = E[X; short], r1 = lambda m1, W0 = lambda E[X^2]/2, rho = lambda E[X]:
 *
 *   non-preemptive: E[T] = E[X] + W0 (p1/(1 - r1) + (1 - p1)/((1 - r1)(1 - rho)))
 *   preemptive:     E[T] = E[X]/(1 - r1) + (1 - p1) W0/((1 - r1)(1 - rho))
 *
 * The preemptive form is for a short class served LCFS-preemptive-resume (a new short job
 * preempts whatever runs) and long jobs FIFO behind them, as the survey analyses it.
 * THRESHOLD variant: short iff x <= T; PREDICTION variant: short iff y <= T.
 *
 * @example
 * twoClassMeanResponseTime(model, 0.5, 0.905, 'prediction', true); // 1.6972 (M/M/1, exp preds)
 */

import type { JointModel } from './joint-model.js';
import { xBreaksFor } from './prediction-tables.js';

/** Where the one bit comes from: the true size (threshold) or a prediction. */
export type OneBitSource = 'threshold' | 'prediction';

/** P(short) and E[X; short] for threshold T. */
export function shortClass(
  model: JointModel,
  threshold: number,
  source: OneBitSource,
): { readonly p1: number; readonly m1: number } {
  const { expectation, prediction } = model;
  const byPrediction = source === 'prediction' && !prediction.exact;
  const values = expectation.expect(
    (x, out) => {
      const short = byPrediction ? prediction.cdf(threshold, x) : x <= threshold ? 1 : 0;
      out[0] = short;
      out[1] = x * short;
    },
    2,
    byPrediction ? xBreaksFor(threshold, prediction) : [threshold],
  );
  return { p1: values[0] ?? 0, m1: values[1] ?? 0 };
}

/** Mean response time of the 1-bit policy at threshold T (caller checks stability). */
export function twoClassMeanResponseTime(
  model: JointModel,
  lambda: number,
  threshold: number,
  source: OneBitSource,
  preemptive: boolean,
): number {
  const { mean, secondMoment } = model.service;
  const { p1, m1 } = shortClass(model, threshold, source);
  const r1 = lambda * m1;
  const rho = lambda * mean;
  const w0 = (lambda * secondMoment) / 2;
  if (preemptive) return mean / (1 - r1) + ((1 - p1) * w0) / ((1 - r1) * (1 - rho));
  return mean + w0 * (p1 / (1 - r1) + (1 - p1) / ((1 - r1) * (1 - rho)));
}
