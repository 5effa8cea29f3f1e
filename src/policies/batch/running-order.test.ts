/**
 * Tests of RunningOrder (the running order kept from the last plan: leavers dropped, newcomers
 * placed, changed keys re-sorted, slot collisions) and of KeyedQueue's (tier, key, arrival, seq)
 * order.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { KeyedQueue } from './keyed-queue.js';
import { RunningOrder } from './running-order.js';

function seq(n: number, key: number): SeqView & { key: number } {
  return {
    id: requestId(`r${n}`),
    seq: n,
    arrivalTime: seconds(n / 10),
    state: 'running',
    promptTokens: 10,
    prefillDone: 10,
    cachedTokens: 0,
    generated: 1,
    kvBlocks: 1,
    preemptions: 0,
    serviceSeconds: 0,
    key,
  };
}

const byKey = (a: SeqView, b: SeqView): number =>
  (a as SeqView & { key: number }).key - (b as SeqView & { key: number }).key || a.seq - b.seq;

describe('RunningOrder', () => {
  it('sorts from the last order: leavers dropped, newcomers placed, keys that changed re-sorted', () => {
    const order = new RunningOrder(byKey);
    const [a, b, c, d] = [seq(1, 5), seq(2, 3), seq(3, 9), seq(4, 1)];
    expect(order.sort([a, b, c]).map((s) => s.seq)).toEqual([2, 1, 3]);
    a.key = 10; // changed since the last step
    expect(order.sort([d, c, a]).map((s) => s.seq)).toEqual([4, 3, 1]);
  });

  it('two running requests in one slot (seq 8,192 apart) fall back to a plain sort', () => {
    const order = new RunningOrder(byKey);
    const [a, b] = [seq(7, 2), seq(7 + 8192, 1)];
    expect(order.sort([a]).map((s) => s.seq)).toEqual([7]);
    expect(order.sort([a, b]).map((s) => s.seq)).toEqual([8199, 7]);
    expect(order.sort([b, a]).map((s) => s.seq)).toEqual([8199, 7]);
  });

  it('returns a copy the caller may splice', () => {
    const order = new RunningOrder(byKey);
    const [a, b] = [seq(1, 1), seq(2, 2)];
    order.sort([a, b]).splice(0, 1);
    expect(order.sort([a, b]).map((s) => s.seq)).toEqual([1, 2]);
  });
});

describe('KeyedQueue', () => {
  it('yields (tier, key, arrival, seq) order and is reusable', () => {
    const queue = new KeyedQueue();
    const items = [seq(1, 0), seq(2, 0), seq(3, 0), seq(4, 0)];
    const keys: [number, number][] = [
      [0, 5],
      [0, 5],
      [-1, 9],
      [0, 2],
    ];
    for (const round of [0, 1]) {
      queue.reset(items.length - round);
      for (let i = 0; i < items.length - round; i++) {
        const [tier, key] = keys[i] as [number, number];
        queue.set(i, items[i] as SeqView, tier, key);
      }
      queue.heapify();
      const out: number[] = [];
      for (let s = queue.next(); s; s = queue.next()) out.push(s.seq);
      expect(out).toEqual(round === 0 ? [3, 4, 1, 2] : [3, 1, 2]);
    }
  });
});
