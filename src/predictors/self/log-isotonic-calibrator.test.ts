/**
 * The log isotonic calibrator: identity until enough pairs, then a monotone map from answers to
 * actual lengths.
 */
import { describe, expect, it } from 'vitest';
import { createLogIsotonicCalibrator } from './log-isotonic-calibrator.js';

describe('log isotonic calibrator', () => {
  it('is the identity before enough pairs', () => {
    const calibrator = createLogIsotonicCalibrator();
    calibrator.add(100, 300);
    expect(calibrator.map(100)).toBe(100);
  });
  it('learns a monotone map from answers to actual lengths (slope != 1)', () => {
    const calibrator = createLogIsotonicCalibrator();
    // the model under-estimates by 2x
    for (const answer of [10, 20, 50, 100, 200, 400, 800]) calibrator.add(answer, answer * 2);
    expect(calibrator.map(100)).toBeCloseTo(200, 6);
    expect(calibrator.map(150)).toBeGreaterThan(200);
    expect(calibrator.map(150)).toBeLessThan(400);
    expect(calibrator.map(1600)).toBeCloseTo(3200, 6);
  });
  it('pools violators into a non-decreasing map', () => {
    const calibrator = createLogIsotonicCalibrator({ minPairs: 1 });
    calibrator.add(10, 100);
    calibrator.add(20, 50);
    calibrator.add(40, 400);
    const values = [10, 15, 20, 30, 40].map((x) => calibrator.map(x));
    for (let i = 1; i < values.length; i++)
      expect(values[i]).toBeGreaterThanOrEqual((values[i - 1] ?? 0) - 1e-9);
    expect(calibrator.spread()).toBeGreaterThan(0);
  });
});
