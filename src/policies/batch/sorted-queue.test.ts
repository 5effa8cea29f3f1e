/**
 * SortedQueue (the queue order kept between plans) and NumberedOrder (the running order by numbers)
 * against a full sort of the same requests, over random arrivals, departures, re-queued requests,
 * moving keys and reused dense indexes.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import { createRng } from '../../core/rng.js';
import type { SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { NumberedOrder } from './numbered-order.js';
import { SortedQueue } from './sorted-queue.js';

type Keyed = SeqView & { tier: number; key: number };

function request(n: number, tier: number, key: number, state: SeqView['state']): Keyed {
  return {
    id: requestId(`r${n}`),
    seq: n,
    arrivalTime: seconds(Math.floor(n / 3)), // equal arrivals: the seq decides
    state,
    promptTokens: 10,
    prefillDone: 0,
    cachedTokens: 0,
    generated: 0,
    kvBlocks: 0,
    preemptions: 0,
    serviceSeconds: 0,
    denseIndex: n,
    tier,
    key,
  };
}

const byKeys = (a: Keyed, b: Keyed): number =>
  a.tier - b.tier || a.key - b.key || a.arrivalTime - b.arrivalTime || a.seq - b.seq;

describe('SortedQueue', () => {
  it('follows a changing queue exactly (arrivals, departures, volatile keys, rebuilds)', () => {
    const rng = createRng(7);
    const queue = new SortedQueue();
    let queued: Keyed[] = [];
    let away: Keyed[] = [];
    let next = 0;
    for (let step = 0; step < 400; step++) {
      // leave: a few random ones, sometimes many (a rebuild); some come back later, at their
      // place in arrival order (a preempted request re-queued)
      // (never in the same step: then it would be in two consecutive queues with its fields changed)
      const leave = step % 97 === 50 ? 0.6 : 0.03;
      const left: Keyed[] = [];
      queued = queued.filter((seq) => {
        const stays = rng.next() >= leave;
        if (!stays && rng.next() < 0.3) left.push(seq);
        return stays;
      });
      if (away.length > 0 && rng.next() < 0.3) {
        const back = away.filter(() => rng.next() < 0.5);
        away = away.filter((seq) => !back.includes(seq));
        for (const seq of back) (seq as { state: SeqView['state'] }).state = 'preempted';
        queued = [...queued, ...back].sort(
          (a, b) => a.arrivalTime - b.arrivalTime || a.seq - b.seq,
        );
      }
      away.push(...left);
      const arrivals = step % 131 === 7 ? 200 : Math.floor(rng.next() * 4);
      for (let k = 0; k < arrivals; k++) {
        const state = rng.next() < 0.1 ? 'preempted' : 'waiting';
        queued.push(
          request(next++, Math.floor(rng.next() * 2), Math.floor(rng.next() * 20), state),
        );
      }
      // a preempted request's key may move; a waiting one's never does (the executor's promise)
      for (const seq of queued)
        if (seq.state === 'preempted') seq.key = Math.floor(rng.next() * 20);
      queue.update(
        queued,
        (seq) => (seq as Keyed).tier,
        (seq) => (seq as Keyed).key,
      );
      const got = Array.from({ length: queue.size }, (_, k) => queue.at(k).seq);
      const want = [...queued].sort(byKeys).map((seq) => seq.seq);
      expect(got).toEqual(want);
    }
  });
});

describe('NumberedOrder', () => {
  it('sorts like a full sort from any last order, small moves and reshuffles alike', () => {
    const rng = createRng(11);
    const order = new NumberedOrder();
    let running: Keyed[] = [];
    let next = 0;
    for (let step = 0; step < 300; step++) {
      running = running.filter(() => rng.next() >= 0.05);
      for (let k = Math.floor(rng.next() * 5); k > 0; k--) {
        running.push(request(next++, Math.floor(rng.next() * 3), rng.next() * 50, 'running'));
      }
      const reshuffle = step % 50 === 25;
      for (const seq of running) {
        if (reshuffle) seq.key = rng.next() * 50;
        else seq.key -= 1; // keys move together, as remaining predictions do
        if (rng.next() < 0.02) seq.tier = Math.floor(rng.next() * 3);
      }
      const got = order.sort(
        running,
        next,
        (seq) => (seq as Keyed).tier,
        (seq) => (seq as Keyed).key,
      );
      expect(got?.map((seq) => seq.seq)).toEqual([...running].sort(byKeys).map((seq) => seq.seq));
    }
  });

  it('tells a request from a later one at the same (reused) dense index', () => {
    const rng = createRng(12);
    const order = new NumberedOrder();
    const free: number[] = [];
    let limit = 0;
    let running: Keyed[] = [];
    for (let step = 0, next = 0; step < 300; step++) {
      running = running.filter((seq) => {
        const stays = rng.next() >= 0.1;
        if (!stays) free.push(seq.denseIndex as number);
        return stays;
      });
      for (let k = Math.floor(rng.next() * 4); k > 0; k--) {
        const seq = request(next++, Math.floor(rng.next() * 2), rng.next() * 20, 'running');
        running.push({ ...seq, denseIndex: free.pop() ?? limit++ });
      }
      for (const seq of running) seq.key -= 1;
      const got = order.sort(
        running,
        limit,
        (seq) => (seq as Keyed).tier,
        (seq) => (seq as Keyed).key,
      );
      expect(got?.map((seq) => seq.seq)).toEqual([...running].sort(byKeys).map((seq) => seq.seq));
    }
  });

  it('sortByTier: a stable partition of an arrival-ordered list by small tiers', () => {
    const rng = createRng(13);
    const order = new NumberedOrder();
    const tierOf = (seq: SeqView): number => (seq as Keyed).tier;
    for (const tiers of [[0], [0, 1], [0, 1, 2, 3, 7], [Number.NEGATIVE_INFINITY]]) {
      for (let round = 0; round < 20; round++) {
        const running = Array.from({ length: Math.floor(rng.next() * 40) }, (_, n) =>
          request(n, tiers[Math.floor(rng.next() * tiers.length)] as number, 0, 'running'),
        );
        const got = order.sortByTier(running, tierOf);
        expect(got?.map((seq) => seq.seq)).toEqual([...running].sort(byKeys).map((s) => s.seq));
      }
    }
    // tiers that are not small integers: only an all-equal list is placed
    const odd = [request(0, 0.5, 0, 'running'), request(1, 0, 0, 'running')];
    expect(order.sortByTier(odd, tierOf)).toBeUndefined();
    expect(order.sortByTier([odd[0] as Keyed], tierOf)).toEqual([odd[0]]);
  });

  it('gives undefined when a request has no denseIndex', () => {
    const { denseIndex: _d, ...bare } = request(0, 0, 0, 'running');
    expect(
      new NumberedOrder().sort(
        [bare],
        1,
        () => 0,
        () => 0,
      ),
    ).toBeUndefined();
  });
});
