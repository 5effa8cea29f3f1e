/**
 * `leaveOneDatasetOut`: never trains on the dataset it scores, and pools every held-out
 * prediction.
 */
import { describe, expect, it } from 'vitest';
import { createHistogramBaseline } from '../baselines/histogram-baseline.js';
import { leaveOneDatasetOut } from './leave-one-dataset-out.js';

const dataset = (name: string, length: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    input: { id: `${name}${i}`, prompt: `${name} ${i}`, promptTokens: 4 },
    outputTokens: length + (i % 4),
    source: name,
  }));

describe('leaveOneDatasetOut', () => {
  it('never trains on the dataset it scores, and pools every held-out prediction', () => {
    const datasets = new Map([
      ['a', dataset('a', 10, 30)],
      ['b', dataset('b', 100, 20)],
      ['c', dataset('c', 1000, 10)],
    ]);
    const seen: string[][] = [];
    const result = leaveOneDatasetOut(datasets, (train) => {
      seen.push([...new Set(train.map((e) => e.source))].sort());
      const predictor = createHistogramBaseline('global-median');
      for (const example of train) predictor.observe(example.input, example.outputTokens);
      return predictor;
    });
    expect(seen).toEqual([
      ['b', 'c'],
      ['a', 'c'],
      ['a', 'b'],
    ]);
    expect(result.perDataset.map((r) => [r.dataset, r.n, r.trainedOn])).toEqual([
      ['a', 30, 30],
      ['b', 20, 40],
      ['c', 10, 50],
    ]);
    expect(result.pooled.n).toBe(60);
    // a global median is constant within a fold: per-dataset tau 0, pooled ranks come from folds
    expect(result.perDataset.every((r) => r.kendallTau === 0)).toBe(true);
  });
});
