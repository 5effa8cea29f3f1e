/**
 * SOAP (Scully, Harchol-Balter, Scheller-Wolf 2018; algorithms.md §15.2): mean response time of
 * any rank policy in the M/G/1, lower rank first, ties FCFS. For a tagged job (size x, prediction y)
 * with worst future rank r_w(a) = sup_{a <= b < x} rank(b) and r = r_w(0):
 *
 *   E[T(x,y)] = lambda sum_i E[(X_i^old[r])^2] / (2 (1 - rho_0^old[r]) (1 - rho_new[r]))
 *               + int_0^x da / (1 - rho_new[r_w(a)])
 *
 * A policy describes its rank through `SoapRanks` (new r-work, old r-intervals, worst future rank)
 * as numbers; tiers that sit below every finite key may use -Infinity. The lambda-free tables
 * E[X_new[r]], E[X_0^old[r]] and sum_i E[(X_i^old[r])^2] are sums over the joint nodes on an
 * asinh-spaced r grid (linear interpolation; non-finite r summed exactly), so one table serves
 * every lambda. Cost: O(nodes x grid) once per (model, policy), then O(nodes x ageNodes) per lambda.
 *
 * @example
 * const table = buildSoapTables(nodes, lasRanks);
 * soapMeanResponseTime(nodes, lasRanks, table, 0.5); // 2.0000 for Exp(1) sizes (= 1/(1-rho))
 */

import { gaussLegendreRule } from './gauss-legendre.js';
import type { SoapJointNodes } from './soap-joint-nodes.js';

/** A policy's SOAP description: new and old work, worst future rank and the age breaks. */
export interface SoapRanks {
  /** X_new[r]: service a NEW job (x, y) gets from age 0 while its rank stays strictly below r. */
  newWork(x: number, y: number, r: number): number;
  /** Old r-intervals (rank <= r): out[0] = X_0^old (from age 0), out[1] = sum_{i>=1} (X_i^old)^2. */
  oldWork(x: number, y: number, r: number, out: Float64Array): void;
  /** r_w(a) = sup_{a <= b < x} rank(b) for the tagged job (x, y). */
  worstFutureRank(x: number, y: number, age: number): number;
  /** Ages in (0, x) where r_w is not smooth (the work integral is split there). */
  ageBreaks(x: number, y: number): readonly number[];
}

export interface SoapTables {
  /** E[X_new[r]], E[X_0^old[r]], sum_i E[(X_i^old[r])^2]. */
  at(r: number): {
    readonly newWork: number;
    readonly oldFirst: number;
    readonly oldSquares: number;
  };
}

const gridPoints = 1500;

function sumAt(nodes: SoapJointNodes, ranks: SoapRanks, r: number, out3: Float64Array): void {
  const scratch = new Float64Array(2);
  let neu = 0;
  let first = 0;
  let squares = 0;
  for (let i = 0; i < nodes.w.length; i++) {
    const x = nodes.x[i] ?? 0;
    const y = nodes.y[i] ?? 0;
    const w = nodes.w[i] ?? 0;
    neu += w * ranks.newWork(x, y, r);
    scratch[0] = 0;
    scratch[1] = 0;
    ranks.oldWork(x, y, r, scratch);
    const old0 = scratch[0] ?? 0;
    first += w * old0;
    squares += w * (old0 * old0 + (scratch[1] ?? 0));
  }
  out3[0] = neu;
  out3[1] = first;
  out3[2] = squares;
}

/** The lambda-free SOAP tables of `ranks` over the joint nodes. */
export function buildSoapTables(nodes: SoapJointNodes, ranks: SoapRanks): SoapTables {
  let scale = 0;
  for (let i = 0; i < nodes.w.length; i++) {
    scale = Math.max(scale, nodes.x[i] ?? 0, nodes.y[i] ?? 0);
  }
  const mean = nodes.w.reduce((sum, w, i) => sum + w * (nodes.x[i] ?? 0), 0);
  // r in units of the mean; s = asinh(r / mean) is uniform on [-sMax, sMax].
  const sMax = Math.asinh((2 * scale) / mean) + 1e-9;
  const step = (2 * sMax) / (gridPoints - 1);
  const values = new Float64Array(3 * gridPoints);
  const out3 = new Float64Array(3);
  for (let g = 0; g < gridPoints; g++) {
    sumAt(nodes, ranks, mean * Math.sinh(-sMax + g * step), out3);
    values.set(out3, 3 * g);
  }
  const exact = new Map<number, Float64Array>();
  return {
    at: (r) => {
      if (!Number.isFinite(r)) {
        let cached = exact.get(r);
        if (!cached) {
          cached = new Float64Array(3);
          sumAt(nodes, ranks, r, cached);
          exact.set(r, cached);
        }
        return { newWork: cached[0] ?? 0, oldFirst: cached[1] ?? 0, oldSquares: cached[2] ?? 0 };
      }
      const position = Math.min(gridPoints - 1, Math.max(0, (Math.asinh(r / mean) + sMax) / step));
      const g = Math.min(gridPoints - 2, Math.floor(position));
      const t = position - g;
      const pick = (k: number): number =>
        (1 - t) * (values[3 * g + k] ?? 0) + t * (values[3 * (g + 1) + k] ?? 0);
      return { newWork: pick(0), oldFirst: pick(1), oldSquares: pick(2) };
    },
  };
}

const ageRule = gaussLegendreRule(8);

/** E[T(x, y)] of one tagged job type. */
export function soapResponseTime(
  ranks: SoapRanks,
  tables: SoapTables,
  lambda: number,
  x: number,
  y: number,
): number {
  const r = ranks.worstFutureRank(x, y, 0);
  const at = tables.at(r);
  const rhoNew = lambda * at.newWork;
  const rhoOld = lambda * at.oldFirst;
  const waiting = (lambda * at.oldSquares) / (2 * (1 - rhoOld) * (1 - rhoNew));
  const cuts = [0, ...ranks.ageBreaks(x, y).filter((a) => a > 0 && a < x), x].sort((p, q) => p - q);
  let residence = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const left = cuts[i] ?? 0;
    const right = cuts[i + 1] ?? 0;
    const half = 0.5 * (right - left);
    if (half <= 0) continue;
    const centre = 0.5 * (right + left);
    for (let k = 0; k < ageRule.nodes.length; k++) {
      const age = centre + half * (ageRule.nodes[k] ?? 0);
      const rate = lambda * tables.at(ranks.worstFutureRank(x, y, age)).newWork;
      residence += (half * (ageRule.weights[k] ?? 0)) / (1 - rate);
    }
  }
  return waiting + residence;
}

/** E[T] = sum over the joint nodes of E[T(x, y)]. */
export function soapMeanResponseTime(
  nodes: SoapJointNodes,
  ranks: SoapRanks,
  tables: SoapTables,
  lambda: number,
): number {
  let total = 0;
  for (let i = 0; i < nodes.w.length; i++) {
    const w = nodes.w[i] ?? 0;
    if (w === 0) continue;
    total += w * soapResponseTime(ranks, tables, lambda, nodes.x[i] ?? 0, nodes.y[i] ?? 0);
  }
  return total;
}
