/**
 * The posterior of the true size x given a prediction y, on a fixed grid: what the M/G/1 lab feeds
 * the Gittins policy as `sizeDistribution` (the information Gittins is optimal for: the job's type
 * is its prediction).
 *
 * Grid: cells between service quantiles at probabilities i/K (i < K), then the top 1/K of
 * probability split into `tailCells` cells that halve the remaining tail each time (the last ends at
 * 1 - 2^-tailCells / K): K - 1 + tailCells atoms. Each cell is
 * represented by its UPPER edge (a job is never older than its atom while inside its cell), with
 * posterior mass P(cell) * mean of density(y | x) at `pointsPerCell` quantile midpoints inside it.
 * Exact predictions give a point mass at y (Gittins = SRPT); services with atoms (deterministic,
 * empirical) use the atoms themselves. When no cell has positive density (a narrow prediction
 * window between the sample points), the posterior falls back to a point mass at y.
 * Cost: O(K * pointsPerCell) density evaluations per prediction bin (see `binsPerDecade`).
 *
 * @example
 * const posterior = createSizePosterior(exponentialDistribution(1), exponentialPrediction);
 * const dist = posterior(0.7); // { values, probs } over ~K + tailCells atoms
 */

import type { Distribution } from '../core/distributions/distribution.js';
import type { SizeDistribution } from '../core/job-view.js';
import type { PredictionModel } from './prediction-model.js';

/** Resolution of the size posterior's discretisation. */
export interface SizePosteriorOptions {
  /** Equal-probability cells K (default 32). */
  readonly cells?: number;
  /** Extra cells splitting the last one geometrically (default 16). */
  readonly tailCells?: number;
  /** Density sample points per cell (default 3). */
  readonly pointsPerCell?: number;
  /**
   * Predictions are rounded to this many log-spaced bins per decade (default 200: y moves by at
   * most 0.6%), and jobs in one bin share one distribution object, computed once; 0 = an exact
   * posterior per job. Sharing is what lets the Gittins policy memoise its rank pieces.
   */
  readonly binsPerDecade?: number;
}

export function createSizePosterior(
  service: Distribution,
  prediction: PredictionModel,
  options: SizePosteriorOptions = {},
): (y: number) => SizeDistribution {
  if (prediction.exact) return (y) => ({ values: [y], probs: [1] });
  const atoms = service.atoms;
  if (atoms !== undefined && atoms.length > 0) {
    const sorted = [...atoms].sort((a, b) => a.x - b.x);
    const values = sorted.map((atom) => atom.x);
    return (y) =>
      normalise(
        values,
        sorted.map((atom) => atom.p * prediction.density(y, atom.x)),
        y,
      );
  }
  const cells = options.cells ?? 32;
  const tailCells = options.tailCells ?? 16;
  const points = options.pointsPerCell ?? 3;
  // Cell probability edges: 0, 1/K, ..., (K-1)/K, then 1 - 2^-m / K for m = 1..tailCells
  // (K - 1 + tailCells cells: the last 1/K of probability is split geometrically).
  const edges: number[] = [];
  for (let i = 0; i < cells; i++) edges.push(i / cells);
  for (let m = 1; m <= tailCells; m++) edges.push(1 - 2 ** -m / cells);
  const values: number[] = [];
  const weights: number[] = [];
  const samplePoints: number[] = [];
  for (let c = 0; c + 1 < edges.length; c++) {
    const low = edges[c] as number;
    const high = edges[c + 1] as number;
    values.push(service.quantile(high));
    weights.push((high - low) / points);
    for (let s = 0; s < points; s++)
      samplePoints.push(service.quantile(low + ((s + 0.5) / points) * (high - low)));
  }
  const count = values.length;
  const exact = (y: number): SizeDistribution => {
    const masses = new Array<number>(count);
    for (let c = 0; c < count; c++) {
      let sum = 0;
      for (let s = 0; s < points; s++)
        sum += prediction.density(y, samplePoints[c * points + s] as number);
      masses[c] = sum * (weights[c] as number);
    }
    return normalise(values, masses, y);
  };
  return binned(exact, options.binsPerDecade ?? 200);
}

/** Rounds y to log-spaced bins and computes each bin's posterior once (0 bins: no rounding). */
function binned(
  exact: (y: number) => SizeDistribution,
  binsPerDecade: number,
): (y: number) => SizeDistribution {
  if (!(binsPerDecade > 0)) return exact;
  const cache = new Map<number, SizeDistribution>();
  return (y) => {
    const bin = y > 0 ? Math.round(Math.log10(y) * binsPerDecade) : Number.NEGATIVE_INFINITY;
    let dist = cache.get(bin);
    if (dist === undefined) {
      dist = exact(y > 0 ? 10 ** (bin / binsPerDecade) : y);
      cache.set(bin, dist);
    }
    return dist;
  };
}

function normalise(values: readonly number[], masses: number[], y: number): SizeDistribution {
  let total = 0;
  for (const mass of masses) total += mass;
  if (!(total > 0) || !Number.isFinite(total)) return { values: [y], probs: [1] };
  return { values, probs: masses.map((mass) => mass / total) };
}
