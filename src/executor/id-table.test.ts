/** IdTable: a dictionary's behaviour by id, checked against a Map on random operations. */
import { describe, expect, it } from 'vitest';
import { hashId } from '../core/ids.js';
import { IdTable } from './id-table.js';

interface Item {
  readonly id: string;
  readonly n: number;
}

describe('IdTable', () => {
  it('replaces the value held under an id; delete removes whatever is held under it', () => {
    const table = new IdTable<Item>(4);
    const a1 = { id: 'a', n: 1 };
    const a2 = { id: 'a', n: 2 };
    table.set(a1);
    table.set({ id: 'b', n: 3 });
    table.set(a2);
    expect([table.get('a'), table.get('b')?.n, table.get('c'), table.size]).toEqual([
      a2,
      3,
      undefined,
      2,
    ]);
    expect(table.delete('a')).toBe(true);
    expect(table.delete('a')).toBe(false);
    expect([table.get('a'), table.size]).toEqual([undefined, 1]);
    table.clear();
    expect([table.get('b'), table.size]).toEqual([undefined, 0]);
  });

  it('finds an id by its content, not by the string object', () => {
    const table = new IdTable<Item>();
    const prefix = 'gw-';
    table.set({ id: `${prefix}${12}`, n: 1 });
    expect(table.get(['gw', '-12'].join(''))?.n).toBe(1);
  });

  it('hashes the last 32 characters and the length', () => {
    const tail = 'x'.repeat(32);
    expect(hashId(`a${tail}`)).toBe(hashId(`b${tail}`));
    expect(hashId('ab')).not.toBe(hashId('ba'));
    expect(hashId('a')).not.toBe(hashId('a\u0000'));
  });

  it.each([
    [4, 30],
    [64, 300],
    [8, 5_000],
  ])('behaves as a Map on 30,000 random operations (%i slots at first, %i ids)', (initial, ids) => {
    let seed = 11;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const table = new IdTable<Item>(initial);
    const map = new Map<string, Item>();
    for (let i = 0; i < 30_000; i++) {
      // long shared prefixes and ids past 32 characters: colliding hashes and probe runs
      const k = rand(ids);
      const id = k % 3 === 0 ? `request-${'p'.repeat(40)}-${k}` : `r${k}`;
      const op = rand(10);
      if (op < 5) {
        const item = { id, n: i };
        table.set(item);
        map.set(id, item);
      } else if (op < 8) {
        expect(table.delete(id)).toBe(map.delete(id));
      } else {
        expect(table.get(id)).toBe(map.get(id));
      }
      if (i % 1000 === 0) {
        expect(table.size).toBe(map.size);
        for (const [key, item] of map) expect(table.get(key)).toBe(item);
      }
    }
    expect(table.size).toBe(map.size);
    for (const [key, item] of map) expect(table.get(key)).toBe(item);
  });
});
