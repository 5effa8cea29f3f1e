/**
 * Expectations over the service time X ~ `service`: E[h(X)] for vector-valued h.
 * Continuous distributions are integrated in log scale (x = e^u, so x f(x) is smooth for the
 * heavy-ish tails we meet: Weibull's x^-1/2 spike at 0 becomes e^(u/2)), split at quantiles
 * 1e-16 ... 1 - 1e-16 and at caller-supplied points; the upper end is pushed out until the
 * second moment is captured to 1e-12. Distributions with atoms are summed exactly.
 *
 * @example
 * createServiceExpectation(exponentialDistribution(1)).expect((x, out) => { out[0] = x; }, 1); // [1]
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import { integrateVector, type QuadratureOptions, type VectorIntegrand } from './gauss-kronrod.js';

/** Expectations over the service distribution by adaptive quadrature on its support. */
export interface ServiceExpectation {
  readonly service: Distribution;
  /** Smallest and largest x of the integration range (atoms: smallest and largest atom). */
  readonly lower: number;
  readonly upper: number;
  /** E[h(X)] for `count` functions at once; `breaks` are extra x-values to split at. */
  expect(
    h: VectorIntegrand,
    count: number,
    breaks?: readonly number[],
    options?: QuadratureOptions,
  ): Float64Array;
}

const quantileLevels = [1e-16, 1e-8, 1e-3, 0.1, 0.5, 0.9, 0.999, 1 - 1e-6, 1 - 1e-11, 1 - 1e-16];

export function createServiceExpectation(service: Distribution): ServiceExpectation {
  const atoms = service.atoms;
  if (atoms && atoms.length > 0) {
    const xs = atoms.map((atom) => atom.x);
    return {
      service,
      lower: Math.min(...xs),
      upper: Math.max(...xs),
      expect: (h, count) => {
        const total = new Float64Array(count);
        const scratch = new Float64Array(count);
        for (const atom of atoms) {
          scratch.fill(0);
          h(atom.x, scratch);
          for (let k = 0; k < count; k++) total[k] = (total[k] ?? 0) + atom.p * (scratch[k] ?? 0);
        }
        return total;
      },
    };
  }
  const [supportLow, supportHigh] = service.support;
  const quantiles = quantileLevels
    .map((p) => service.quantile(p))
    .filter((x) => Number.isFinite(x) && x > 0);
  let lower = supportLow > 0 ? supportLow : Math.min(...quantiles);
  if (!(lower > 0)) lower = Number.MIN_VALUE;
  let upper = Number.isFinite(supportHigh) ? supportHigh : Math.max(...quantiles);
  const logBreaks = (extra: readonly number[], low: number, high: number): number[] => {
    const all = [low, high, ...quantiles, ...extra]
      .filter((x) => x >= low && x <= high && x > 0)
      .map((x) => Math.log(x))
      .sort((a, b) => a - b);
    return all.filter((u, i) => i === 0 || u - (all[i - 1] ?? u) > 1e-12);
  };
  const inLogScale =
    (h: VectorIntegrand, count: number): VectorIntegrand =>
    (u, out) => {
      const x = Math.exp(u);
      const weight = service.pdf(x) * x;
      if (weight === 0 || !Number.isFinite(weight)) {
        out.fill(0);
        return;
      }
      h(x, out);
      for (let k = 0; k < count; k++) out[k] = (out[k] ?? 0) * weight;
    };
  // Push the upper end out until E[X^2] is captured (heavy tails: lognormal with large sigma).
  if (Number.isFinite(service.secondMoment) && supportHigh === Number.POSITIVE_INFINITY) {
    for (let i = 0; i < 60; i++) {
      const captured = integrateVector(
        inLogScale((x, out) => {
          out[0] = x * x;
        }, 1),
        1,
        logBreaks([], lower, upper),
      );
      if (Math.abs(service.secondMoment - (captured[0] ?? 0)) <= 1e-12 * service.secondMoment)
        break;
      upper *= 2;
    }
  }
  return {
    service,
    lower,
    upper,
    expect: (h, count, breaks = [], options = {}) =>
      integrateVector(inLogScale(h, count), count, logBreaks(breaks, lower, upper), options),
  };
}
