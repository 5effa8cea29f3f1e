/**
 * A standard normal draw (Box-Muller, one value per call; `1 - u` keeps log away from 0).
 *
 * @example
 * const z = standardNormal(createRng(1)); // ~ N(0, 1)
 */

import type { Rng } from '../../core/rng.js';

/** A standard normal draw (Box-Muller, one value per call; `1 - u` keeps log away from 0). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
