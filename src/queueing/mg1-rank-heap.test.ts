/**
 * `Mg1RankHeap` and `Mg1JobStore`: (tier, key, arrival, id) order under any interleaving, slot
 * recycling across growth.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Mg1JobStore } from './mg1-job-store.js';
import { Mg1RankHeap } from './mg1-rank-heap.js';

interface Entry {
  readonly tier: number;
  readonly key: number;
  readonly arrival: number;
  readonly id: number;
}

const compare = (a: Entry, b: Entry): number =>
  a.tier - b.tier || a.key - b.key || a.arrival - b.arrival || a.id - b.id;

describe('Mg1RankHeap and Mg1JobStore', () => {
  it('pops in (tier, key, arrival, id) order under any interleaving of pushes and pops', () => {
    const entry = fc.record({
      tier: fc.constantFrom(Number.NEGATIVE_INFINITY, 0, 1, 2),
      key: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ min: -5, max: 5, noNaN: true })),
      arrival: fc.integer({ min: 0, max: 4 }),
    });
    const operation = fc.oneof(entry, fc.constant('pop' as const));
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 300 }), (operations) => {
        // Small capacities force both the store and the heap to grow.
        const store = new Mg1JobStore(2);
        const heap = new Mg1RankHeap(store, 2);
        const reference: (Entry & { slot: number })[] = [];
        let nextId = 0;
        for (const op of operations) {
          if (op === 'pop') {
            reference.sort(compare);
            const expected = reference.shift();
            const slot = heap.pop();
            expect(slot).toBe(expected === undefined ? -1 : expected.slot);
            if (slot >= 0) store.release(slot);
          } else {
            const slot = store.allocate();
            const id = nextId++;
            store.tier[slot] = op.tier;
            store.key[slot] = op.key;
            store.arrival[slot] = op.arrival;
            store.id[slot] = id;
            heap.push(slot);
            reference.push({ ...op, id, slot });
          }
          expect(heap.size).toBe(reference.length);
          reference.sort(compare);
          expect(heap.peek()).toBe(reference[0]?.slot ?? -1);
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('recycles slots and keeps values across growth', () => {
    const store = new Mg1JobStore(1);
    const slots = [store.allocate(), store.allocate(), store.allocate()];
    expect(new Set(slots).size).toBe(3);
    store.arrival[slots[0] as number] = 4.5;
    store.allocate(); // grows again
    expect(store.arrival[slots[0] as number]).toBe(4.5);
    store.release(slots[1] as number);
    expect(store.allocate()).toBe(slots[1]);
  });
});
