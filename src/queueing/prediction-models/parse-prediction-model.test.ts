/**
 * `parsePredictionModel`: every form parses, with a monotone conditional CDF, its density,
 * sampling from it, and median-unbiased lognormal predictions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { createRng } from '../../core/rng.js';
import { parsePredictionModel } from './parse-prediction-model.js';

const noisy = ['exp', 'uniform:0.5', 'uniform:1', 'lognormal:0.5'];

describe('parsePredictionModel', () => {
  it('parses every form', () => {
    for (const spec of ['exact', ...noisy]) expect(parsePredictionModel(spec).spec).toBe(spec);
    expect(parsePredictionModel('exact').exact).toBe(true);
    expect(parsePredictionModel('exp').exact).toBe(false);
  });

  it.each([
    ['gauss', /unknown prediction model 'gauss'/],
    ['exp:2', /expected 0 arguments/],
    ['uniform:0', /ALPHA must be in \(0, 1\]/],
    ['uniform:1.5', /ALPHA must be in \(0, 1\]/],
    ['lognormal:-1', /SIGMA must be > 0/],
    ['lognormal:', /lognormal:SIGMA/],
  ])('rejects %s with INPUT_INVALID', (spec, message) => {
    expect(() => parsePredictionModel(spec)).toThrow(SchedulerError);
    expect(() => parsePredictionModel(spec)).toThrow(message);
  });
});

describe.each(noisy)('prediction model %s', (spec) => {
  const model = parsePredictionModel(spec);

  it('has a conditional CDF monotone in y', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        (x, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return model.cdf(lo, x) <= model.cdf(hi, x) && model.cdf(hi, x) <= 1;
        },
      ),
    );
  });

  it('has a density that is the derivative of the CDF', () => {
    for (const x of [0.3, 1, 7]) {
      for (const y of [0.2 * x, 0.9 * x, 1.3 * x, 3 * x]) {
        const h = 1e-6 * x;
        const slope = (model.cdf(y + h, x) - model.cdf(y - h, x)) / (2 * h);
        expect(model.density(y, x)).toBeCloseTo(slope, 4);
      }
    }
  });

  it('samples from its own CDF (Kolmogorov distance, fixed seed)', () => {
    const rng = createRng(7).fork(spec);
    const x = 2;
    const n = 20_000;
    const draws = Array.from({ length: n }, () => model.sample(x, rng)).sort((a, b) => a - b);
    let distance = 0;
    draws.forEach((y, i) => {
      distance = Math.max(distance, Math.abs(model.cdf(y, x) - (i + 1) / n));
    });
    expect(distance).toBeLessThan(1.63 / Math.sqrt(n)); // 1% KS critical value
  });
});

describe('lognormal prediction', () => {
  it('is median-unbiased (mu = 0): P(y <= x | x) = 1/2', () => {
    expect(parsePredictionModel('lognormal:0.8').cdf(3, 3)).toBeCloseTo(0.5, 15);
  });
});
