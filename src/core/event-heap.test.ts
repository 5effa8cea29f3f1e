/**
 * `EventHeap`: (at, priority, insertion) order for any input and any interleaving of pushes and
 * pops.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventHeap } from './event-heap.js';

describe('EventHeap', () => {
  it('pops in (at, priority, insertion) order for any input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3 }))),
        (events) => {
          const heap = new EventHeap<number>();
          events.forEach(([at, priority], i) => {
            heap.push(at, priority, i);
          });
          const expected = events
            .map(([at, priority], i) => ({ at, priority, i }))
            .sort((a, b) => a.at - b.at || a.priority - b.priority || a.i - b.i)
            .map((e) => e.i);
          const popped: number[] = [];
          for (let e = heap.pop(); e; e = heap.pop()) popped.push(e.value);
          expect(popped).toEqual(expected);
        },
      ),
    );
  });

  it('interleaves pushes and pops correctly', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }))), (ops) => {
        const heap = new EventHeap<number>();
        const shadow: number[] = [];
        for (const op of ops) {
          if (op === null) {
            shadow.sort((a, b) => a - b);
            expect(heap.pop()?.at).toBe(shadow.shift());
          } else {
            heap.push(op, 0, op);
            shadow.push(op);
          }
          expect(heap.size).toBe(shadow.length);
        }
      }),
    );
  });
});
