/**
 * Closed reductions for the M/M/1 (service Exp(1)) with predictions y|x ~ Exp(mean x)
 * (algorithms.md 4 and 15.3): one-dimensional integrals of I_nu(y) = 2 y^(nu/2) K_nu(2 sqrt y).
 * An independent route to Table 1 and to the 1-bit closed forms t1, t2, used to cross-check the
 * general M/G/1 integrals.
 *
 * @example
 * mm1ClosedForm('sprpt', 0.5); // 1.6583
 */

import { besselIntegral, besselK } from './bessel-k.js';
import { integrate } from './gauss-kronrod.js';

/** The policies that have an M/M/1 closed form here. */
export type Mm1ClosedFormPolicy = 'sjf' | 'psjf' | 'srpt' | 'spjf' | 'pspjf' | 'sprpt';

const i0 = (y: number): number => 2 * besselK(0, 2 * Math.sqrt(y));
const i1 = (y: number): number => besselIntegral(1, y, 1);
const i2 = (y: number): number => besselIntegral(2, y, 1);
const i3 = (y: number): number => besselIntegral(3, y, 2);

/** [0, 1e-12, ..., 1e3]: log-spaced breaks for integrands with a log singularity at 0. */
const breaks = [0, ...Array.from({ length: 31 }, (_, i) => 10 ** (-12 + (i * 15) / 30)), 1e4];

export function mm1ClosedForm(policy: Mm1ClosedFormPolicy, lambda: number): number {
  const rho = (x: number): number => lambda * (1 - Math.exp(-x) * (1 + x));
  const m2 = (x: number): number => 2 - Math.exp(-x) * (x * x + 2 * x + 2);
  const rhoPrime = (y: number): number => lambda * (1 - i2(y));
  const options = { relTol: 1e-12, absTol: 1e-15 };
  switch (policy) {
    case 'sjf':
      return 1 + lambda * integrate((x) => Math.exp(-x) / (1 - rho(x)) ** 2, breaks, options);
    case 'psjf':
      return integrate(
        (x) => Math.exp(-x) * (x / (1 - rho(x)) + ((lambda / 2) * m2(x)) / (1 - rho(x)) ** 2),
        breaks,
        options,
      );
    case 'srpt':
      return (
        integrate(
          (x) => (Math.exp(-x) * (lambda / 2) * (m2(x) + x * x * Math.exp(-x))) / (1 - rho(x)) ** 2,
          breaks,
          options,
        ) + integrate((t) => Math.exp(-t) / (1 - rho(t)), breaks, options)
      );
    case 'spjf':
      return 1 + lambda * integrate((y) => i0(y) / (1 - rhoPrime(y)) ** 2, breaks, options);
    case 'pspjf':
      return (
        integrate((y) => i1(y) / (1 - rhoPrime(y)), breaks, options) +
        lambda *
          integrate((y) => (i0(y) * (1 - i3(y) / 2)) / (1 - rhoPrime(y)) ** 2, breaks, options)
      );
    case 'sprpt':
      return (
        lambda *
          integrate(
            (y) => (i0(y) * (1 - i3(y) / Math.E)) / (1 - rhoPrime(y)) ** 2,
            breaks,
            options,
          ) +
        (1 - 1 / Math.E) * integrate((w) => i1(w) / (1 - rhoPrime(w)), breaks, options) +
        1 / Math.E
      );
  }
}

/**
 * The survey's 1-bit closed forms (M/M/1, exponential predictions, predicted long iff y > T):
 * A = 2 T K2(2 sqrt T), B = 2 sqrt(T) K1(2 sqrt T);
 * t1 = lambda (1 - lambda (1 - B)) / ((1 - lambda)(1 - lambda (1 - A))) + 1   (non-preemptive)
 * t2 = (1 - lambda + lambda B) / ((1 - lambda)(1 - lambda (1 - A)))           (preemptive)
 */
export function oneBitClosedForm(lambda: number, threshold: number): { t1: number; t2: number } {
  const s = 2 * Math.sqrt(threshold);
  const a = 2 * threshold * besselK(2, s);
  const b = s * besselK(1, s);
  return {
    t1: (lambda * (1 - lambda * (1 - b))) / ((1 - lambda) * (1 - lambda * (1 - a))) + 1,
    t2: (1 - lambda + lambda * b) / ((1 - lambda) * (1 - lambda * (1 - a))),
  };
}
