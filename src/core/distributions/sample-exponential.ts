/**
 * One draw of Exp(mean 1) by inversion, from 1 - u so the logarithm never sees 0.
 *
 * @example
 * const e = sampleUnitExponential(createRng(1)); // > 0
 */

import type { Rng } from '../rng.js';

/** One draw of Exp(mean 1) by inversion, from 1 - u so the logarithm never sees 0. */
export function sampleUnitExponential(rng: Rng): number {
  return -Math.log(1 - rng.next());
}
