/**
 * Streaming evaluation: for each request of the stream in order, `predict` it (before its length
 * is known), then `observe` its true length, as a deployment does. Scores, over consecutive windows
 * of `window` requests and over everything after the first `warmup` observations:
 * Kendall tau-b of the predicted mean against the truth and the p90 coverage.
 *
 * @example
 * const result = evaluateOnline(predictor, stream, { window: 200, warmup: 200 });
 */

import type { LengthPredictor } from '../predictor.js';
import type { LabelledInput } from './evaluate-predictor.js';
import { kendallTauB } from './rank-correlation.js';

/** The scores of one window of the stream. */
export interface OnlineWindow {
  /** Index of the window's first request in the stream. */
  readonly start: number;
  readonly n: number;
  readonly kendallTau: number;
  readonly p90Coverage: number;
}

export interface OnlineResult {
  readonly predictor: string;
  readonly n: number;
  readonly window: number;
  readonly warmup: number;
  readonly windows: readonly OnlineWindow[];
  /** Over the requests after the first `warmup` observations. */
  readonly afterWarmup: {
    readonly n: number;
    readonly kendallTau: number;
    readonly p90Coverage: number;
  };
  /** Over the first `warmup` requests (the cold start). */
  readonly coldStart: {
    readonly n: number;
    readonly kendallTau: number;
    readonly p90Coverage: number;
  };
  readonly stats: Readonly<Record<string, number>>;
}

function score(
  predicted: readonly number[],
  actual: readonly number[],
  covered: readonly boolean[],
  from: number,
  to: number,
): { n: number; kendallTau: number; p90Coverage: number } {
  const n = Math.max(0, to - from);
  let hits = 0;
  for (let i = from; i < to; i++) if (covered[i]) hits++;
  return {
    n,
    kendallTau: kendallTauB(predicted.slice(from, to), actual.slice(from, to)),
    p90Coverage: n === 0 ? 0 : hits / n,
  };
}

export function evaluateOnline(
  predictor: LengthPredictor,
  stream: readonly LabelledInput[],
  options: { readonly window: number; readonly warmup: number; readonly name?: string },
): OnlineResult {
  const predicted: number[] = [];
  const actual: number[] = [];
  const covered: boolean[] = [];
  for (const example of stream) {
    const prediction = predictor.predict(example.input);
    predicted.push(prediction.mean);
    actual.push(example.outputTokens);
    covered.push(example.outputTokens <= (prediction.quantiles[8] ?? Number.POSITIVE_INFINITY));
    predictor.observe(example.input, example.outputTokens);
  }
  const windows: OnlineWindow[] = [];
  for (let start = 0; start < stream.length; start += options.window) {
    const end = Math.min(stream.length, start + options.window);
    windows.push({ start, ...score(predicted, actual, covered, start, end) });
  }
  const warmup = Math.min(options.warmup, stream.length);
  return {
    predictor: options.name ?? predictor.name,
    n: stream.length,
    window: options.window,
    warmup,
    windows,
    afterWarmup: score(predicted, actual, covered, warmup, stream.length),
    coldStart: score(predicted, actual, covered, 0, warmup),
    stats: predictor.stats(),
  };
}
