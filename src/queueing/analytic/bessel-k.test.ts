/**
 * `besselK`: the trapezoid rule on the cosh integral against closed forms and reference values.
 */
import { describe, expect, it } from 'vitest';
import { besselIntegral, besselK } from './bessel-k.js';
import { integrate } from './gauss-kronrod.js';

describe('besselK (trapezoid rule on the cosh integral)', () => {
  it('matches closed forms and reference values', () => {
    expect(besselK(0.5, 1)).toBeCloseTo(Math.sqrt(Math.PI / 2) * Math.exp(-1), 14);
    expect(besselK(0.5, 7)).toBeCloseTo(Math.sqrt(Math.PI / 14) * Math.exp(-7), 15);
    expect(besselK(1, 2)).toBeCloseTo(0.1398658818165224, 14);
    expect(besselK(0, 1e-6)).toBeCloseTo(-Math.log(5e-7) - 0.5772156649015329, 9);
  });

  it('I_nu(y) = int t^(nu-1) exp(-t - y/t) dt', () => {
    for (const [nu, y] of [
      [1, 0.3],
      [2, 2],
      [3, 10],
    ] as const) {
      const direct = integrate((t) => t ** (nu - 1) * Math.exp(-t - y / t), [0, 0.1, 1, 10, 100]);
      expect(besselIntegral(nu, y, 1) / direct - 1).toBeLessThan(1e-9);
    }
  });
});
