/**
 * `BatchMeans`: measured ids only, the t-based half-width of batch means, and the Student t
 * quantiles.
 */
import { describe, expect, it } from 'vitest';
import { BatchMeans, studentT975 } from './batch-means.js';

describe('BatchMeans', () => {
  it('averages only the measured ids and gives the t-based half-width of the batch means', () => {
    // ids 10..29 measured in 4 batches of 5; batch b holds the value b + 1.
    const stats = new BatchMeans(4, 10, 30);
    for (let id = 0; id < 40; id++) stats.add(id, Math.floor((id - 10) / 5) + 1);
    const result = stats.result();
    expect(result.count).toBe(20);
    expect(result.mean).toBeCloseTo(2.5, 12);
    // Batch means 1, 2, 3, 4: sd = sqrt(5/3), half-width = t(3) * sd / 2.
    expect(result.ci95).toBeCloseTo((studentT975(3) * Math.sqrt(5 / 3)) / 2, 12);
  });

  it('studentT975 is close to the tabulated quantiles', () => {
    expect(studentT975(19)).toBeCloseTo(2.093, 3);
    expect(studentT975(9)).toBeCloseTo(2.262, 2);
    expect(studentT975(1e9)).toBeCloseTo(1.96, 3);
    expect(Math.abs(studentT975(3) - 3.182) / 3.182).toBeLessThan(0.01);
  });
});
