/**
 * `createRng`: seeded determinism, independent forks, uniform draws in [0, 1), and `fill` equal to
 * repeated `nextUint32`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from './rng.js';

describe('createRng', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('forks independent streams without drawing from the parent', () => {
    const parent = createRng(1);
    const before = createRng(1).next();
    const child = parent.fork('arrivals');
    expect(parent.next()).toBe(before);
    expect(child.next()).not.toBe(before);
    expect(createRng(1).fork('arrivals').next()).toBe(createRng(1).fork('arrivals').next());
    expect(createRng(1).fork('sizes').next()).not.toBe(createRng(1).fork('arrivals').next());
  });

  it('draws in [0, 1) with the right mean', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const rng = createRng(seed);
        let sum = 0;
        for (let i = 0; i < 2000; i++) {
          const u = rng.next();
          if (u < 0 || u >= 1) return false;
          sum += u;
        }
        return Math.abs(sum / 2000 - 0.5) < 0.05;
      }),
      { numRuns: 50 },
    );
  });

  it('fill gives the values of nextUint32, in order, for any length', () => {
    const bulk = createRng(5);
    const single = createRng(5);
    for (const length of [0, 1, 2, 3, 4, 5, 7, 8, 13, 4096]) {
      const out = new Uint32Array(length);
      bulk.fill(out);
      expect(Array.from(out)).toEqual(Array.from({ length }, () => single.nextUint32()));
    }
    expect(bulk.next()).toBe(single.next());
  });
});
