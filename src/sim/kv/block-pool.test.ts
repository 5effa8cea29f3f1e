/**
 * Tests of BlockPool: allocation, hash-mode LRU caching of freed blocks, radix leaf eviction, key
 * interning.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { BlockPool } from './block-pool.js';
import { createPrefixKeys } from './prefix-keys.js';

function fill(pool: BlockPool, keys: readonly number[], now: number): number[] {
  const blocks = pool.allocate(keys.length, now) as number[];
  blocks.forEach((block, i) => {
    pool.register(block, keys[i] as number, i > 0 ? (blocks[i - 1] as number) : -1);
  });
  return blocks;
}

describe('BlockPool', () => {
  it('allocation fails without side effects when too few blocks are free', () => {
    const pool = new BlockPool(4, 'hash');
    expect(pool.allocate(3, 0)).toHaveLength(3);
    expect(pool.allocate(2, 0)).toBeNull();
    expect(pool.freeBlocks).toBe(1);
  });

  it('hash mode: freed blocks stay cached until evicted LRU, tail blocks first', () => {
    const keys = createPrefixKeys();
    const chain = Array.from(keys.chain(['a', 'b', 'c']));
    const pool = new BlockPool(4, 'hash');
    const blocks = fill(pool, chain, 0);
    pool.release(blocks, 1);
    expect(pool.lookup(chain, 3)).toBe(3);
    expect(pool.freeBlocks).toBe(4);
    // two fresh blocks: the never-used block, then the tail of the freed request ('c')
    pool.allocate(2, 2);
    expect(pool.lookup(chain, 3)).toBe(2);
    expect(pool.evictions).toBe(1);
    const hit = pool.touch(chain, 2, 3);
    expect(hit).toEqual(blocks.slice(0, 2));
    expect(pool.freeBlocks).toBe(0);
  });

  it('radix mode evicts the least recently used LEAF, never a middle block', () => {
    const keys = createPrefixKeys();
    const shared = Array.from(keys.chain(['s', 'x']));
    const other = Array.from(keys.chain(['s', 'y']));
    const pool = new BlockPool(4, 'radix');
    const first = fill(pool, shared, 0);
    pool.release(first, 1);
    const hit = pool.touch(other, 1, 2); // shares 's'
    const tail = pool.allocate(1, 2) as number[];
    pool.register(tail[0] as number, other[1] as number, hit[0] as number);
    pool.release([...hit, ...tail], 3);
    pool.allocate(2, 4); // one never-used block, then evicts leaf 'x' (older), never 's'
    expect(pool.lookup(shared, 2)).toBe(1);
    expect(pool.lookup(other, 2)).toBe(2);
  });

  it('interns chained keys: equal prefixes give equal keys, a different parent does not', () => {
    const keys = createPrefixKeys();
    const a = keys.chain(['p', 'q']);
    const b = keys.chain(['p', 'q', 'r']);
    const c = keys.chain(['z', 'q']);
    expect(b[1]).toBe(a[1]);
    expect(c[1]).not.toBe(a[1]);
  });

  it('hash mode: the free ring keeps exact LRU order through many prefix hits on free blocks', () => {
    // reference: the free blocks as a plain list in LRU order (a hit takes a block out of it)
    const total = 6;
    const pool = new BlockPool(total, 'hash');
    const lru = Array.from({ length: total }, (_, b) => b);
    const held: number[][] = [];
    const refs = new Array<number>(total).fill(0);
    const cachedBy = new Map<number, number>(); // key -> block
    const rng = createRng(7);
    let nextKey = 1;
    for (let step = 0; step < 3000; step++) {
      const op = rng.next();
      if (op < 0.4 && lru.length > 0) {
        const count = 1 + Math.floor(rng.next() * Math.min(2, lru.length));
        const got = pool.allocate(count, step) as number[];
        const expected = lru.splice(0, count);
        expect(got).toEqual(expected);
        for (const block of got) {
          refs[block] = 1;
          for (const [key, b] of cachedBy) if (b === block) cachedBy.delete(key);
          pool.register(block, nextKey, -1);
          cachedBy.set(nextKey++, block);
        }
        held.push(got);
      } else if (op < 0.7 && held.length > 0) {
        const blocks = held.splice(Math.floor(rng.next() * held.length), 1)[0] as number[];
        pool.release(blocks, step);
        for (let i = blocks.length - 1; i >= 0; i--) {
          const block = blocks[i] as number;
          refs[block] = (refs[block] as number) - 1;
          if (refs[block] === 0) lru.push(block);
        }
      } else if (cachedBy.size > 0) {
        // a prefix hit on a cached block, free or held
        const keys = [...cachedBy.keys()];
        const key = keys[Math.floor(rng.next() * keys.length)] as number;
        const block = cachedBy.get(key) as number;
        expect(pool.touch([key], 1, step)).toEqual([block]);
        const at = lru.indexOf(block);
        if (at >= 0) lru.splice(at, 1);
        refs[block] = (refs[block] as number) + 1;
        held.push([block]);
      }
      expect(pool.freeBlocks).toBe(lru.length);
    }
  });
});
