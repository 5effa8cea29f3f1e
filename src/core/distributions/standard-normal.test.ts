/**
 * The standard normal: erfc against reference values to ~1e-15 relative (tail included) and a
 * quantile that inverts the CDF.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile } from './standard-normal.js';

describe('standard normal', () => {
  it('matches reference erfc values to ~1e-15 relative, also in the tail', () => {
    const reference: [number, number][] = [
      [0.3, 0.6713732405408726],
      [1, 0.157299207050285],
      [2, 0.004677734981047266],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
      [-1, 1.842700792949715],
    ];
    for (const [x, value] of reference) expect(Math.abs(erfc(x) / value - 1)).toBeLessThan(2e-15);
  });

  it('has a quantile that inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1 - 1e-12, noNaN: true }), (p) => {
        return Math.abs(normalCdf(normalQuantile(p)) / p - 1) < 1e-12;
      }),
    );
  });
});
