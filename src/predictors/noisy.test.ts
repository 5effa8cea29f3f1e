/**
 * Simulation predictors: the oracle, seeded noisy predictions independent of call order, lognormal
 * spread, and spec parsing.
 */
import { describe, expect, it } from 'vitest';
import { createNoisyPredictor } from './noisy.js';
import { createOraclePredictor } from './oracle.js';
import { parsePredictorSpec } from './parse-predictor.js';

const input = (id: string, outputTokens: number) => ({ id, promptTokens: 10, outputTokens });

describe('simulation predictors', () => {
  it('oracle returns the truth', () => {
    const oracle = createOraclePredictor();
    expect(oracle.predict(input('a', 42)).mean).toBe(42);
    expect(oracle.remaining(input('a', 42), 40)).toBe(2);
  });

  it('noisy predictions are deterministic per (seed, id), whatever the call order', () => {
    const a = createNoisyPredictor('lognormal:1', { seed: 3 });
    const b = createNoisyPredictor('lognormal:1', { seed: 3 });
    const y1 = a.predict(input('r1', 100)).mean;
    b.predict(input('r2', 100));
    expect(b.predict(input('r1', 100)).mean).toBe(y1);
    expect(
      createNoisyPredictor('lognormal:1', { seed: 4 }).predict(input('r1', 100)).mean,
    ).not.toBe(y1);
  });

  it('lognormal noise is median-unbiased with the right spread', () => {
    const p = createNoisyPredictor('lognormal:0.5', { seed: 1 });
    const logs = Array.from({ length: 4000 }, (_, i) =>
      Math.log(p.predict(input(`r${i}`, 1000)).mean / 1000),
    );
    const mean = logs.reduce((s, v) => s + v, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((s, v) => s + (v - mean) ** 2, 0) / logs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
  });

  it('parses specs and rejects bad ones listing the forms', () => {
    expect(parsePredictorSpec('oracle').name).toBe('oracle');
    expect(parsePredictorSpec('noisy:exp', { seed: 1 }).name).toBe('noisy:exp');
    expect(parsePredictorSpec('noisy:uniform:0.3@0.002').predict(input('x', 10)).costSeconds).toBe(
      0.002,
    );
    expect(() => parsePredictorSpec('psychic')).toThrow(/known: oracle, noisy:lognormal:SIGMA/);
    expect(() => parsePredictorSpec('noisy:lognormal:-1')).toThrow(/--predictor/);
  });
});
