/**
 * The lambda-independent functions of the prediction y that every size-based formula of
 * algorithms.md 15.2 needs, tabulated on a log grid in y (g(x,y) = f(x) density(y|x)):
 *
 *   density(y)      f_Y(y) = int g(x,y) dx
 *   sizeDensity(y)  int x g(x,y) dx
 *   load(y)         E[X; Y <= y]      (rho'(y) = lambda load(y))
 *   second(y)       E[X^2; Y <= y]    (m2'(y))
 *
 * Exact predictions (Y = X) use the service density directly, which makes SPJF -> SJF etc.
 * Each node costs one vector-valued adaptive quadrature over x, split where density(y|x) bends.
 */

import type { PredictionModel } from '../prediction-model.js';
import { buildLogGrid, type LogGrid } from './log-grid.js';
import type { ServiceExpectation } from './service-expectation.js';

/**
 * Per-prediction tables on the grid: prediction density, size density, load and second moment
 * below each prediction.
 */
export interface PredictionTables extends LogGrid {
  readonly density: Float64Array;
  readonly sizeDensity: Float64Array;
  readonly load: Float64Array;
  readonly second: Float64Array;
}

/** x-values to split at for an integrand of x at fixed prediction y (transition of y|x). */
export function xBreaksFor(y: number, prediction: PredictionModel): number[] {
  const breaks = [y / 10, y, 10 * y];
  for (const kink of prediction.relativeKinks ?? []) if (kink > 0) breaks.push(y / kink);
  return breaks;
}

/** The y-range outside which P(Y < y) and E[(1 + X^2); Y > y] are negligible (< 1e-13). */
export function predictionRange(
  expectation: ServiceExpectation,
  prediction: PredictionModel,
): readonly [number, number] {
  if (prediction.exact) return [expectation.lower, expectation.upper];
  const scale = 1 + expectation.service.secondMoment;
  let high = expectation.upper;
  for (let i = 0; i < 200; i++) {
    const y = high;
    const tail = expectation.expect(
      (x, out) => {
        out[0] = (1 + x * x) * (1 - prediction.cdf(y, x));
      },
      1,
      xBreaksFor(y, prediction),
    );
    if ((tail[0] ?? 0) <= 1e-13 * scale) break;
    high *= 1.5;
  }
  let low = Math.min(expectation.lower, expectation.service.mean * 1e-6);
  for (let i = 0; i < 200; i++) {
    const y = low;
    const below = expectation.expect(
      (x, out) => {
        out[0] = prediction.cdf(y, x);
      },
      1,
      xBreaksFor(y, prediction),
    );
    if ((below[0] ?? 0) <= 1e-14) break;
    low /= 10;
  }
  return [low, high];
}

/** Tabulates f_Y, int x g, E[X; Y<=y], E[X^2; Y<=y] on a log grid covering the prediction's range. */
export function buildPredictionTables(
  expectation: ServiceExpectation,
  prediction: PredictionModel,
): PredictionTables {
  const [low, high] = predictionRange(expectation, prediction);
  const grid = buildLogGrid(low, high);
  const n = grid.y.length;
  const density = new Float64Array(n);
  const sizeDensity = new Float64Array(n);
  const load = new Float64Array(n);
  const second = new Float64Array(n);
  const service = expectation.service;
  for (let i = 0; i < n; i++) {
    const y = grid.y[i] ?? 0;
    if (prediction.exact) {
      const f = service.pdf(y);
      density[i] = f;
      sizeDensity[i] = y * f;
      const below = expectation.expect(
        (x, out) => {
          if (x <= y) {
            out[0] = x;
            out[1] = x * x;
          }
        },
        2,
        [y],
      );
      load[i] = below[0] ?? 0;
      second[i] = below[1] ?? 0;
      continue;
    }
    const values = expectation.expect(
      (x, out) => {
        const d = prediction.density(y, x);
        const c = prediction.cdf(y, x);
        out[0] = d;
        out[1] = x * d;
        out[2] = x * c;
        out[3] = x * x * c;
      },
      4,
      xBreaksFor(y, prediction),
    );
    density[i] = values[0] ?? 0;
    sizeDensity[i] = values[1] ?? 0;
    load[i] = values[2] ?? 0;
    second[i] = values[3] ?? 0;
  }
  return { ...grid, density, sizeDensity, load, second };
}
