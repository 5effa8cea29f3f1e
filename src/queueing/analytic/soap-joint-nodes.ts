/**
 * A fixed product quadrature of the joint law of (size X, prediction Y) for the SOAP evaluator:
 * E[h(X, Y)] ~ sum_i w_i h(x_i, y_i). X is integrated in probability space (x = F^-1(u)) with
 * Gauss-Legendre panels that crowd geometrically towards u = 0 and u = 1 (tails to 1e-14); Y
 * uses the scale-family form of every prediction model of the lab (y = x Z, Z ~ Y | X = 1),
 * with Z's quantiles found by bisection on `cdf(z, 1)`. Exact predictions give y = x; service
 * laws with atoms use the atoms. Nodes are cached per (service, prediction) pair.
 *
 * @example
 * const nodes = soapJointNodes(exponentialDistribution(1), exponentialPrediction);
 * // sum of nodes.w ~ 1; sum of w x ~ 1
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import type { PredictionModel } from '../prediction-model.js';
import { gaussLegendreRule } from './gauss-legendre.js';

/** Quadrature nodes over (size, prediction) pairs and their weights. */
export interface SoapJointNodes {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly w: Float64Array;
}

/** Panel edges in probability space: geometric towards both ends. */
function probabilityEdges(interior: number): number[] {
  const edges = new Set<number>([0, 1]);
  for (let k = 1; k <= 14; k++) {
    edges.add(10 ** -k);
    edges.add(1 - 10 ** -k);
  }
  for (let k = 1; k < interior; k++) edges.add(k / interior);
  return [...edges].filter((p) => p >= 0 && p <= 1).sort((a, b) => a - b);
}

/** Nodes and weights of a composite Gauss-Legendre rule on (0, 1) over `edges`. */
function probabilityRule(
  order: number,
  interior: number,
): { readonly p: number[]; readonly w: number[] } {
  const edges = probabilityEdges(interior);
  const rule = gaussLegendreRule(order);
  const p: number[] = [];
  const w: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const left = edges[i] ?? 0;
    const right = edges[i + 1] ?? 0;
    const half = 0.5 * (right - left);
    const centre = 0.5 * (right + left);
    for (let k = 0; k < order; k++) {
      p.push(centre + half * (rule.nodes[k] ?? 0));
      w.push(half * (rule.weights[k] ?? 0));
    }
  }
  return { p, w };
}

/** The z with P(Y <= z | X = 1) = p, by bisection in log scale. */
function ratioQuantile(prediction: PredictionModel, p: number): number {
  let lo = Math.log(1e-300);
  let hi = Math.log(1e300);
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = 0.5 * (lo + hi);
    if (prediction.cdf(Math.exp(mid), 1) < p) lo = mid;
    else hi = mid;
  }
  return Math.exp(0.5 * (lo + hi));
}

function buildNodes(
  service: Distribution,
  prediction: PredictionModel,
  fine: boolean,
): SoapJointNodes {
  const sizes: { x: number; w: number }[] = [];
  if (service.atoms && service.atoms.length > 0) {
    for (const atom of service.atoms) sizes.push({ x: atom.x, w: atom.p });
  } else {
    const rule = probabilityRule(8, fine && prediction.exact ? 400 : 10);
    rule.p.forEach((p, i) => {
      sizes.push({ x: service.quantile(p), w: rule.w[i] ?? 0 });
    });
  }
  const ratios: { z: number; w: number }[] = [];
  if (prediction.exact) ratios.push({ z: 1, w: 1 });
  else {
    const rule = probabilityRule(4, 10);
    rule.p.forEach((p, i) => {
      ratios.push({ z: ratioQuantile(prediction, p), w: rule.w[i] ?? 0 });
    });
  }
  const count = sizes.length * ratios.length;
  const x = new Float64Array(count);
  const y = new Float64Array(count);
  const w = new Float64Array(count);
  let k = 0;
  for (const size of sizes) {
    for (const ratio of ratios) {
      x[k] = size.x;
      y[k] = size.x * ratio.z;
      w[k] = size.w * ratio.w;
      k++;
    }
  }
  return { x, y, w };
}

const cache = new Map<string, SoapJointNodes>();

/**
 * `fine`: denser size panels, for the r-tables, whose integrands have a kink at every node (the
 * sum over nodes is a staircase in r); the outer expectation uses the coarse set.
 */
export function soapJointNodes(
  service: Distribution,
  prediction: PredictionModel,
  fine = false,
): SoapJointNodes {
  const key = `${service.spec}|${prediction.spec}|${fine && prediction.exact}`;
  let nodes = cache.get(key);
  if (!nodes) {
    nodes = buildNodes(service, prediction, fine);
    cache.set(key, nodes);
  }
  return nodes;
}
