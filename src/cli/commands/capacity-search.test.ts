/**
 * `searchCapacity`: the binary search over offered load finds the threshold within its tolerance
 * and reports the edge cases.
 */
import { describe, expect, it } from 'vitest';
import { searchCapacity } from './capacity-search.js';

describe('searchCapacity', () => {
  const linear = (capacity: number, target: number) => (load: number) =>
    (load <= capacity ? 1 : Math.max(0, 1 - (load - capacity))) >= target;
  it('finds the threshold from below and from above within the tolerance', async () => {
    for (const start of [0.1, 1, 50]) {
      const outcome = await searchCapacity(linear(3.7, 0.95), { start, tolerance: 0.01 });
      expect(outcome.kind).toBe('found');
      if (outcome.kind !== 'found') return;
      expect(outcome.load).toBeLessThanOrEqual(3.75);
      expect(outcome.load).toBeGreaterThan(3.75 * 0.99);
      expect(outcome.probes.every((p) => p.passed === p.load <= 3.75)).toBe(true);
    }
  });
  it('reports when even the smallest or every load passes', async () => {
    const never = await searchCapacity(() => false, { start: 1, maxDoublings: 3 });
    expect(never).toMatchObject({ kind: 'below-range', lowest: 0.0625 });
    const always = await searchCapacity(() => true, { start: 1, maxDoublings: 3 });
    expect(always).toMatchObject({ kind: 'above-range', highest: 8 });
  });
});
