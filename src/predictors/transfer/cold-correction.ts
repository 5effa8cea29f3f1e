/**
 * The cold model's correction to the answer-form prior (ln tokens): the ridge's intercept and
 * one-hot terms as fitted, plus the continuous ("within") columns' term w.(x - centre), bounded
 * to +-`clip` so that a new task whose prompts sit far from the training centre keeps its level
 * from the prior while prompt length still ranks within it. `centers` is NaN for the other columns
 * (and all NaN when the fit did not use within-source slopes: plain ridge).
 *
 * @example
 * const correction = coldCorrection({ ridge, centers, clip: 0.5 }, denseValues);
 */

import { predictRidge, type RidgeModel } from './ridge.js';

/** The cold part of the transfer model: the ridge regression, its feature centers and its clip. */
export interface ColdPart {
  readonly ridge: RidgeModel;
  readonly centers: Float64Array;
  readonly clip: number;
}

export function coldCorrection(part: ColdPart, x: ArrayLike<number>): number {
  const { ridge, centers, clip } = part;
  let within = 0;
  let centred = 0;
  for (let j = 0; j < centers.length; j++) {
    const c = centers[j] ?? 0;
    if (Number.isNaN(c)) continue;
    within += (ridge.weights[j] ?? 0) * ((x[j] ?? 0) - c);
    centred += (ridge.weights[j] ?? 0) * (x[j] ?? 0);
  }
  // predictRidge counts the within columns uncentred: replace that part by the bounded term
  return predictRidge(ridge, x) - centred + Math.max(-clip, Math.min(clip, within));
}
