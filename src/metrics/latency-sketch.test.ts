/**
 * `LatencySketch`: quantiles within the relative accuracy, exact zeros/mean/min/max, merging, and
 * token-gap series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencySketch, latencySketchAccuracy } from './latency-sketch.js';
import { latencyStats, quantileSorted } from './latency-stats.js';

describe('LatencySketch', () => {
  it('answers every quantile within its relative accuracy of the exact one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-7, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 400 }),
        fc.constantFrom(0, 0.01, 0.5, 0.9, 0.99, 1),
        (values, p) => {
          const sketch = new LatencySketch();
          for (const v of values) sketch.add(v);
          const exact = quantileSorted(Float64Array.from(values).sort(), p);
          return Math.abs(sketch.quantile(p) - exact) <= latencySketchAccuracy * exact * (1 + 1e-9);
        },
      ),
    );
  });

  it('keeps zeros, the mean, min and max exact, and merges like one sketch', () => {
    const a = new LatencySketch();
    const b = new LatencySketch();
    const values = [0, 0, 0.0123, 0.05, 0.05, 0.2, 3.5];
    for (const [i, v] of values.entries()) (i % 2 === 0 ? a : b).add(v);
    a.merge(b);
    expect(a.count).toBe(values.length);
    const exact = latencyStats(values);
    const stats = a.stats();
    expect(stats.mean).toBeCloseTo(exact.mean, 15);
    expect(a.quantile(0)).toBe(0);
    expect(a.quantile(0.1)).toBe(0);
    expect(a.quantile(1)).toBe(3.5);
    expect(Math.abs(stats.p50 - exact.p50)).toBeLessThanOrEqual(latencySketchAccuracy * exact.p50);
    expect(new LatencySketch().stats()).toEqual({ mean: 0, p50: 0, p90: 0, p99: 0 });
  });

  it('adds the gaps of a token-time series', () => {
    const sketch = new LatencySketch();
    sketch.addGaps([1, 1.5, 2.5, 2.75], 4);
    expect(sketch.count).toBe(3);
    expect(sketch.quantile(1)).toBe(1);
    expect(Math.abs(sketch.quantile(0.5) - 0.5)).toBeLessThanOrEqual(0.5 * latencySketchAccuracy);
  });
});
