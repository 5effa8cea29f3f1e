/** Tests of predictionDistribution: prediction buckets (or deciles) as weighted atoms. */
import { describe, expect, it } from 'vitest';
import { predictionDistribution } from './prediction-distribution.js';

describe('predictionDistribution', () => {
  it('spreads each bucket over two log-spaced atoms, skipping empty buckets', () => {
    const dist = predictionDistribution({
      mean: 50,
      quantiles: [10, 20, 30, 40, 50, 60, 70, 80, 90],
      buckets: { edges: [1, 16, 256, 4096], probs: [0.25, 0, 0.75] },
      costSeconds: 0,
    });
    [2, 8, 512, 2048].forEach((v, i) => {
      expect(dist.values[i]).toBeCloseTo(v, 9);
    });
    expect(dist.values).toHaveLength(4);
    expect(dist.probs).toEqual([0.125, 0.125, 0.375, 0.375]);
  });

  it('falls back to the deciles as equally likely atoms without buckets', () => {
    const dist = predictionDistribution({
      mean: 50,
      quantiles: [90, 10, 20, 30, 40, 50, 60, 70, 80],
      costSeconds: 0,
    });
    expect(dist.values).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90]);
    expect(dist.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
