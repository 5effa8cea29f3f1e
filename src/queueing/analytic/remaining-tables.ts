/**
 * The extra lambda-independent tables of SPRPT (c = 1) and of Trail's limited preemption
 * (0 < c < 1; algorithms.md 15.2), on the same y grid as PredictionTables. With
 * m_y(z) = min(z - y, c z):
 *
 *   old(y)    = E[ (X - m_y(Y))^+ ^2 ; Y > y ]               (old jobs' residual work, squared)
 *   tail(w)   = P( w <= Y <= min(w + X, w / (1 - c)) )      (mean of the int da / (1 - rho') term)
 *   overshoot = E[ (X - c Y)^+ ]                            (work done after the preemption limit)
 *
 * c = 1 gives SPRPT; exact predictions give SRPT (old = y^2 Fbar(y), tail = Fbar(w)).
 * The generic `old` is a double integral: an adaptive inner integral over z for every x.
 */

import type { PredictionModel } from '../prediction-model.js';
import { integrate } from './gauss-kronrod.js';
import { xBreaksFor } from './prediction-tables.js';
import type { ServiceExpectation } from './service-expectation.js';

/** Tables of the remaining work of started jobs for a preemption cutoff c. */
export interface RemainingTables {
  readonly old: Float64Array;
  readonly tail: Float64Array;
  readonly overshoot: number;
}

export function buildRemainingTables(
  expectation: ServiceExpectation,
  prediction: PredictionModel,
  y: Float64Array,
  c: number,
): RemainingTables {
  const n = y.length;
  const old = new Float64Array(n);
  const tail = new Float64Array(n);
  const upperFactor = c < 1 ? 1 / (1 - c) : Number.POSITIVE_INFINITY;
  if (prediction.exact) {
    for (let i = 0; i < n; i++) {
      const at = y[i] ?? 0;
      const values = expectation.expect(
        (x, out) => {
          if (x > at) out[0] = Math.max(at, (1 - c) * x) ** 2;
          if (x >= at && x <= at * upperFactor) out[1] = 1;
        },
        2,
        c < 1 ? [at, at * upperFactor] : [at],
      );
      old[i] = values[0] ?? 0;
      tail[i] = values[1] ?? 0;
    }
    return { old, tail, overshoot: (1 - c) * expectation.service.mean };
  }
  const kinks = (prediction.relativeKinks ?? []).filter((k) => k > 0);
  // y/x scales at which to split inner integrals over the prediction, so the adaptive rule
  // cannot miss a density concentrated near y ~ x on a long interval (small c: end = x / c).
  const scales = [1e-3, 1e-2, 0.1, 0.5, 1, 2, 10, 100, 1e3];
  for (let i = 0; i < n; i++) {
    const at = y[i] ?? 0;
    const values = expectation.expect(
      (x, out) => {
        // tail: P(at <= Y <= min(at + x, at / (1 - c)) | x)
        const top = Math.min(at + x, at * upperFactor);
        out[1] = Math.max(0, prediction.cdf(top, x) - prediction.cdf(at, x));
        // old: int over z > at with x > m(z) of (x - m(z))^2 density(z | x) dz
        const end = c > 0 ? Math.max(at + x, x / c) : at + x;
        const points = [at, end];
        if (c < 1 && at * upperFactor > at && at * upperFactor < end) points.push(at * upperFactor);
        for (const kink of [...kinks, ...scales])
          if (kink * x > at && kink * x < end) points.push(kink * x);
        points.sort((p, q) => p - q);
        out[0] = integrate(
          (z) => {
            const residual = x - Math.min(z - at, c * z);
            return residual > 0 ? residual * residual * prediction.density(z, x) : 0;
          },
          points,
          { relTol: 1e-9, absTol: 1e-15 * x * x },
        );
      },
      2,
      xBreaksFor(at, prediction),
      { relTol: 1e-9 },
    );
    old[i] = values[0] ?? 0;
    tail[i] = values[1] ?? 0;
  }
  const overshoot = expectation.expect((x, out) => {
    if (c === 0) {
      out[0] = x;
      return;
    }
    const points = [0, x / c];
    for (const kink of [...kinks, ...scales]) if (kink * x < x / c) points.push(kink * x);
    points.sort((p, q) => p - q);
    // E[(x - cY)^+ | x] = c int_0^{x/c} P(Y <= z | x) dz (integration by parts)
    out[0] = c * integrate((z) => prediction.cdf(z, x), points, { absTol: 1e-15 * x });
  }, 1);
  return { old, tail, overshoot: overshoot[0] ?? 0 };
}
