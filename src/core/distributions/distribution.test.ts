/**
 * Properties every Distribution must have: CDF monotone in [0, 1], quantile inverts the CDF,
 * sample means and second moments match the exact moments (fixed seeds, CLT tolerance), and the
 * density integrates to the CDF.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.js';
import type { Distribution } from './distribution.js';
import { empiricalDistribution } from './empirical.js';
import { parseDistribution } from './parse-distribution.js';

const continuous = [
  'exp',
  'exp:2.5',
  'weibull:0.5,0.5',
  'weibull:2,1',
  'lognormal:-0.5,1',
  'bpareto:1.5,0.3,100',
  'hyperexp:0.9,0.5,5.5',
];
const all: Distribution[] = [
  ...continuous.map((spec) => parseDistribution(spec)),
  parseDistribution('det:2'),
  empiricalDistribution([1, 2, 2, 5, 9], 'inline'),
];

describe.each(all.map((d) => [d.spec, d] as const))('%s', (_spec, distribution) => {
  it('has a CDF that is monotone and within [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const fl = distribution.cdf(lo);
          const fh = distribution.cdf(hi);
          return fl >= 0 && fh <= 1 && fl <= fh;
        },
      ),
    );
  });

  it('has a quantile that inverts the CDF', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (p) => {
        const x = distribution.quantile(p);
        if (distribution.atoms) {
          // generalised inverse: F(x) >= p and F(x-) < p
          return distribution.cdf(x) >= p - 1e-12 && distribution.cdf(x * (1 - 1e-12)) < p + 1e-12;
        }
        return Math.abs(distribution.cdf(x) - p) <= 1e-9 * Math.max(1, p);
      }),
    );
  });

  it('samples with the exact mean and second moment (fixed seed)', () => {
    const rng = createRng(12345).fork(distribution.spec);
    const n = 100_000;
    let smallest = Number.POSITIVE_INFINITY;
    let sum = 0;
    let sumSquares = 0;
    let sumFourth = 0;
    for (let i = 0; i < n; i++) {
      const x = distribution.sample(rng);
      smallest = Math.min(smallest, x);
      sum += x;
      sumSquares += x * x;
      sumFourth += x ** 4;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    const variance = distribution.secondMoment - distribution.mean ** 2;
    expect(Math.abs(sum / n - distribution.mean)).toBeLessThanOrEqual(
      5 * Math.sqrt(variance / n) + 1e-12,
    );
    // second moment: 5 standard errors of the sample's own x^2 spread
    const spread = Math.sqrt(Math.max(0, sumFourth / n - (sumSquares / n) ** 2) / n);
    expect(Math.abs(sumSquares / n - distribution.secondMoment)).toBeLessThanOrEqual(
      5 * spread + 1e-12,
    );
  });
});

describe.each(continuous)('%s density', (spec) => {
  it('integrates to the CDF (trapezoid on a fine grid between quantiles)', () => {
    const distribution = parseDistribution(spec);
    const a = distribution.quantile(0.2);
    const b = distribution.quantile(0.8);
    const steps = 20_000;
    let integral = 0;
    for (let i = 0; i < steps; i++) {
      const x0 = a + ((b - a) * i) / steps;
      const x1 = a + ((b - a) * (i + 1)) / steps;
      integral += 0.5 * (distribution.pdf(x0) + distribution.pdf(x1)) * (x1 - x0);
    }
    expect(integral).toBeCloseTo(0.6, 6);
  });
});

describe('the survey Weibull', () => {
  it('weibull:0.5,0.5 is F(x) = 1 - exp(-sqrt(2x)) with mean 1 and E[X^2] = 6', () => {
    const weibull = parseDistribution('weibull:0.5,0.5');
    expect(weibull.mean).toBeCloseTo(1, 12);
    expect(weibull.secondMoment).toBeCloseTo(6, 11);
    for (const x of [0.01, 0.5, 3, 40]) {
      expect(weibull.cdf(x)).toBeCloseTo(1 - Math.exp(-Math.sqrt(2 * x)), 14);
    }
  });
});
