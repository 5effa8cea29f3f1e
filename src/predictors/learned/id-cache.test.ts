/** IdCache: a Map's insertion-order and eviction behaviour, checked against a Map on random operations. */
import { describe, expect, it } from 'vitest';
import { IdCache } from './id-cache.js';

describe('IdCache', () => {
  it('evicts the oldest held id past its capacity; a set on a held id keeps its place', () => {
    const cache = new IdCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 3); // keeps its place (first)
    cache.set('c', 4); // evicts a
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([
      undefined,
      2,
      4,
      2,
    ]);
    cache.delete('b');
    cache.set('b', 5); // last now
    cache.set('d', 6); // evicts c
    expect(cache.values()).toEqual([5, 6]);
    cache.clear();
    expect([cache.size, cache.values()]).toEqual([0, []]);
  });

  it.each([
    [50, 200],
    [5, 30],
    [300, 400],
  ])(
    'behaves as a Map with the same eviction on 20,000 random operations (capacity %i, %i ids)',
    (capacity, ids) => {
      let seed = 7;
      const rand = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const cache = new IdCache<number>(capacity);
      const map = new Map<string, number>();
      for (let i = 0; i < 20_000; i++) {
        const id = `r${rand(ids)}`;
        const op = rand(3);
        if (op === 0) {
          cache.delete(id);
          map.delete(id);
        } else {
          cache.set(id, i);
          map.set(id, i);
          if (map.size > capacity) map.delete(map.keys().next().value as string);
        }
        expect(cache.get(id)).toBe(map.get(id));
        expect(cache.size).toBe(map.size);
      }
      expect(cache.values()).toEqual([...map.values()]);
    },
  );
});
