/**
 * `fitRidge`: recovers noiseless weights, shrinks with the penalty, keeps masked columns at zero,
 * fits through the origin.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { fitRidge, predictRidge } from './ridge.js';

function synthetic(n: number): { rows: Float64Array[]; targets: number[] } {
  const rng = createRng(3);
  const rows: Float64Array[] = [];
  const targets: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = Float64Array.from([rng.next(), rng.next() > 0.5 ? 1 : 0, rng.next() * 2 - 1]);
    rows.push(row);
    targets.push(1.5 + 2 * (row[0] ?? 0) - 1 * (row[1] ?? 0) + 0.5 * (row[2] ?? 0));
  }
  return { rows, targets };
}

describe('fitRidge', () => {
  it('recovers the weights of a noiseless linear model with a tiny penalty', () => {
    const { rows, targets } = synthetic(500);
    const model = fitRidge(rows, targets, { lambda: 1e-6 });
    expect(model.intercept).toBeCloseTo(1.5, 4);
    expect(Array.from(model.weights).map((w) => Number(w.toFixed(4)))).toEqual([2, -1, 0.5]);
    expect(predictRidge(model, rows[0] as Float64Array)).toBeCloseTo(targets[0] as number, 4);
  });

  it('shrinks towards zero as the penalty grows, and leaves masked columns at zero', () => {
    const { rows, targets } = synthetic(500);
    const loose = fitRidge(rows, targets, { lambda: 1 });
    const tight = fitRidge(rows, targets, { lambda: 1e5 });
    expect(Math.abs(tight.weights[0] ?? 0)).toBeLessThan(Math.abs(loose.weights[0] ?? 0));
    const masked = fitRidge(rows, targets, { lambda: 1, mask: [true, false, true] });
    expect(masked.weights[1]).toBe(0);
  });

  it('fits through the origin without an intercept', () => {
    const rows = [1, 2, 3, 4].map((x) => Float64Array.from([x]));
    const model = fitRidge(rows, [2, 4, 6, 8], { lambda: 1e-9, intercept: false });
    expect(model.intercept).toBe(0);
    expect(model.weights[0]).toBeCloseTo(2, 6);
  });
});
