/**
 * `createSizePosterior`: a distribution over ascending atoms that satisfies Bayes, shifts with the
 * prediction, and is shared per prediction bin.
 */
import { describe, expect, it } from 'vitest';
import { deterministicDistribution } from '../core/distributions/deterministic.js';
import { exponentialDistribution } from '../core/distributions/exponential.js';
import { createRng } from '../core/rng.js';
import { exactPrediction } from './prediction-models/exact-prediction.js';
import { exponentialPrediction } from './prediction-models/exponential-prediction.js';
import { createSizePosterior } from './size-posterior.js';

describe('createSizePosterior', () => {
  const service = exponentialDistribution(1);
  const posterior = createSizePosterior(service, exponentialPrediction, { binsPerDecade: 0 });

  it('is a distribution over ascending atoms (upper cell edges)', () => {
    const dist = posterior(0.8);
    expect(dist.values.length).toBe(31 + 16);
    for (let i = 1; i < dist.values.length; i++) {
      expect(dist.values[i] as number).toBeGreaterThan(dist.values[i - 1] as number);
    }
    expect(dist.probs.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 12);
    expect(dist.values[0]).toBeCloseTo(service.quantile(1 / 32), 12);
  });

  it('satisfies Bayes: averaging the posterior over y ~ f_Y gives back the prior cell masses', () => {
    const rng = createRng(5);
    const draws = 20_000;
    const sums = new Array<number>(47).fill(0);
    for (let i = 0; i < draws; i++) {
      const x = service.sample(rng);
      const dist = posterior(exponentialPrediction.sample(x, rng));
      dist.probs.forEach((p, c) => {
        sums[c] = (sums[c] as number) + p / draws;
      });
    }
    // The 31 main cells each hold prior mass 1/32; the tail cells halve it each time.
    for (let c = 0; c < 31; c++) expect(Math.abs((sums[c] as number) - 1 / 32)).toBeLessThan(0.004);
    expect(Math.abs((sums[31] as number) - 1 / 64)).toBeLessThan(0.003);
  });

  it('a larger prediction shifts the posterior towards larger sizes', () => {
    const below = (y: number): number =>
      posterior(y).probs.reduce(
        (sum, p, c) => sum + ((posterior(y).values[c] as number) <= 1 ? p : 0),
        0,
      );
    expect(below(0.1)).toBeGreaterThan(below(1));
    expect(below(1)).toBeGreaterThan(below(5));
  });

  it('exact predictions give a point mass at y; atoms are used as they are', () => {
    expect(createSizePosterior(service, exactPrediction)(2.5)).toEqual({
      values: [2.5],
      probs: [1],
    });
    const fixed = createSizePosterior(deterministicDistribution(3), exponentialPrediction)(1);
    expect(fixed.values).toEqual([3]);
    expect(fixed.probs).toEqual([1]);
  });

  it('bins predictions and shares one object per bin', () => {
    const shared = createSizePosterior(service, exponentialPrediction);
    expect(shared(1.0)).toBe(shared(1.001));
    expect(shared(1.0)).not.toBe(shared(1.1));
  });
});
