/**
 * A fixed composite Gauss-Legendre grid in log scale on [low, high]: panels of at most `width`
 * in ln y (also split at `edges`, e.g. kinks of a bounded prediction density), `order` nodes
 * each. Weights are for dy (they include the Jacobian y). The analytic module tabulates every
 * lambda-independent inner integral once on this grid, so each extra lambda costs only sums.
 *
 * @example
 * const grid = buildLogGrid(1e-3, 1e3); // sum of weights ~ 1000 - 1e-3
 */

import { gaussLegendreRule } from './gauss-legendre.js';

/** Quadrature nodes and weights on a logarithmic grid. */
export interface LogGrid {
  readonly y: Float64Array;
  readonly weight: Float64Array;
}

export function buildLogGrid(
  low: number,
  high: number,
  edges: readonly number[] = [],
  width = 0.5,
  order = 8,
): LogGrid {
  const a = Math.log(low);
  const b = Math.log(high);
  const panels = Math.max(1, Math.ceil((b - a) / width));
  const cuts = new Set<number>();
  for (let i = 0; i <= panels; i++) cuts.add(a + ((b - a) * i) / panels);
  for (const edge of edges) if (edge > low && edge < high) cuts.add(Math.log(edge));
  const sorted = [...cuts].sort((p, q) => p - q);
  const rule = gaussLegendreRule(order);
  const y: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const left = sorted[i] ?? 0;
    const right = sorted[i + 1] ?? 0;
    if (right - left < 1e-12) continue;
    const half = 0.5 * (right - left);
    const centre = 0.5 * (right + left);
    for (let k = 0; k < order; k++) {
      const value = Math.exp(centre + half * (rule.nodes[k] ?? 0));
      y.push(value);
      weight.push(half * (rule.weights[k] ?? 0) * value);
    }
  }
  return { y: Float64Array.from(y), weight: Float64Array.from(weight) };
}
