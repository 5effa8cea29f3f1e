/**
 * Rank correlation: Kendall's tau-b (Knight's algorithm against the O(n^2) definition, with ties)
 * and Spearman with average ranks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, spearman } from './rank-correlation.js';

/** O(n^2) tau-b straight from the definition, to check Knight's algorithm against. */
function bruteTauB(x: readonly number[], y: readonly number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign((x[i] ?? 0) - (x[j] ?? 0));
      const dy = Math.sign((y[i] ?? 0) - (y[j] ?? 0));
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt(
    (concordant + discordant + tiesX) * (concordant + discordant + tiesY),
  );
  return denominator > 0 ? (concordant - discordant) / denominator : 0;
}

describe('kendallTauB', () => {
  it('matches hand-computed small cases', () => {
    expect(kendallTauB([1, 2, 3, 4], [1, 2, 3, 4])).toBeCloseTo(1, 12);
    expect(kendallTauB([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // one discordant pair of three: (2 - 1) / 3
    expect(kendallTauB([1, 2, 3], [1, 3, 2])).toBeCloseTo(1 / 3, 12);
    // ties: x = [1,1,2], y = [1,2,3]: C = 2, D = 0, tiesX = 1 -> 2 / sqrt(3 * 2)
    expect(kendallTauB([1, 1, 2], [1, 2, 3])).toBeCloseTo(2 / Math.sqrt(6), 12);
    expect(kendallTauB([5, 5, 5], [1, 2, 3])).toBe(0);
  });
  it('agrees with the O(n^2) definition on random data with ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 })), {
          minLength: 2,
          maxLength: 60,
        }),
        (pairs) => {
          const x = pairs.map((p) => p[0]);
          const y = pairs.map((p) => p[1]);
          expect(kendallTauB(x, y)).toBeCloseTo(bruteTauB(x, y), 9);
        },
      ),
    );
  });
});

describe('spearman', () => {
  it('uses average ranks for ties', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
  });
  it('matches a hand-computed case', () => {
    // ranks x = [1,2,3,4,5], y = [2,1,4,3,5]: d^2 sum = 4 -> 1 - 6*4/(5*24) = 0.8
    expect(spearman([1, 2, 3, 4, 5], [20, 10, 40, 30, 50])).toBeCloseTo(0.8, 12);
    expect(spearman([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });
});
