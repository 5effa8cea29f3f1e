/**
 * Property test of KeyIndex: it behaves as a Map<number, number> under any sequence of sets and
 * deletes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from './key-index.js';

describe('KeyIndex', () => {
  it('behaves as a Map under any sequence of sets and deletes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 1_000_000 })),
          ),
          { maxLength: 400 },
        ),
        (ops) => {
          const index = new KeyIndex();
          const map = new Map<number, number>();
          ops.forEach(([isSet, key], step) => {
            if (isSet) {
              index.set(key, step);
              map.set(key, step);
            } else {
              index.delete(key);
              map.delete(key);
            }
            for (const probe of [key, key + 1, key - 1, 0, 7]) {
              expect(index.get(probe)).toBe(map.get(probe) ?? -1);
            }
          });
          for (const [key, value] of map) expect(index.get(key)).toBe(value);
        },
      ),
    );
  });
});
