/**
 * A Gamma(shape, scale) draw by Marsaglia and Tsang (2000); shape < 1 uses the boost
 * Gamma(shape + 1) * U^(1 / shape). Mean shape * scale, CV 1 / sqrt(shape).
 *
 * @example
 * const x = gammaSample(createRng(1), 0.25, 4); // mean 1, CV 2
 */

import type { Rng } from '../../core/rng.js';
import { standardNormal } from './standard-normal.js';

/**
 * A Gamma(shape, scale) draw by Marsaglia and Tsang (2000); shape < 1 uses the boost Gamma(shape +
 * 1) * U^(1 / shape).
 */
export function gammaSample(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) {
    const u = 1 - rng.next();
    return gammaSample(rng, shape + 1, scale) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
      return d * v * scale;
    }
  }
}

/** An exponential draw with the given rate (mean 1 / rate). */
export function exponentialSample(rng: Rng, rate: number): number {
  return -Math.log(1 - rng.next()) / rate;
}
