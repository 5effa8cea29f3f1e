/**
 * SortedQueue (the queue order kept between plans) and NumberedOrder (the running order by numbers)
 * against a full sort of the same requests, over random arrivals, departures, re-queued requests,
 * moving keys and reused dense indexes.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { NumberedOrder } from './numbered-order.js';
import { seqView } from './seq-view.test-helper.js';
import { SortedQueue } from './sorted-queue.js';

type Keyed = SeqView & { tier: number; key: number };

function request(n: number, tier: number, key: number, state: SeqView['state']): Keyed {
  // equal arrivals: the seq decides
  const seq = seqView(n, { arrivalTime: seconds(Math.floor(n / 3)), state, promptTokens: 10 });
  return { ...seq, denseIndex: n, tier, key };
}

const byKeys = (a: Keyed, b: Keyed): number =>
  a.tier - b.tier || a.key - b.key || a.arrivalTime - b.arrivalTime || a.seq - b.seq;

/**
 * A changing queue, one array per step (arrival order): random arrivals and departures, sometimes
 * many (a rebuild); some leavers come back later, preempted, at their place in arrival order (never
 * in the same step: then a request would be in two consecutive queues with its fields changed);
 * a preempted request's key moves between steps with probability `moves`, a waiting one's never
 * does (the promise).
 */
function* changingQueue(seed: number, steps: number, moves: number): Generator<Keyed[]> {
  const rng = createRng(seed);
  let queued: Keyed[] = [];
  let away: Keyed[] = [];
  let next = 0;
  for (let step = 0; step < steps; step++) {
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
      queued = [...queued, ...back].sort((a, b) => a.arrivalTime - b.arrivalTime || a.seq - b.seq);
    }
    away.push(...left);
    const arrivals = step % 131 === 7 ? 200 : Math.floor(rng.next() * 4);
    for (let k = 0; k < arrivals; k++) {
      const state = rng.next() < 0.1 ? 'preempted' : 'waiting';
      queued.push(request(next++, Math.floor(rng.next() * 2), Math.floor(rng.next() * 20), state));
    }
    for (const seq of queued) {
      if (seq.state === 'preempted' && rng.next() < moves) seq.key = Math.floor(rng.next() * 20);
    }
    yield queued;
  }
}

const tierOf = (seq: SeqView): number => (seq as Keyed).tier;
const keyOf = (seq: SeqView): number => (seq as Keyed).key;
const admissionOrder = (queue: SortedQueue): number[] =>
  Array.from({ length: queue.size }, (_, k) => queue.at(k).seq);

describe('SortedQueue', () => {
  it('follows a changing queue exactly (arrivals, departures, volatile keys, rebuilds)', () => {
    const queue = new SortedQueue();
    for (const queued of changingQueue(7, 400, 1)) {
      queue.update(queued, tierOf, keyOf);
      expect(admissionOrder(queue)).toEqual([...queued].sort(byKeys).map((seq) => seq.seq));
    }
  });

  it('replays a log of joins and departures (no walk), and walks when the log does not follow', () => {
    const rng = createRng(8);
    const queue = new SortedQueue();
    let last: Keyed[] = [];
    let version = 0;
    let walks = 0;
    let replayed = 0;
    let reads = 0;
    for (const queued of changingQueue(9, 400, 0.1)) {
      const now = new Set(queued);
      const before = new Set(last);
      const left = last.filter((seq) => !now.has(seq));
      const joined = queued.filter((seq) => !before.has(seq));
      // departures and joins in an order the executor could log them; a request may also join
      // and leave between two views (logged both times)
      const fleeting = rng.next() < 0.2 ? [request(100_000 + version, 0, 1, 'waiting')] : [];
      const seqs = [...fleeting, ...left, ...fleeting, ...joined];
      const flags = [...fleeting.map(() => 1), ...left.map(() => 0)];
      flags.push(...fleeting.map(() => 0), ...joined.map(() => 1));
      const roll = rng.next();
      // sometimes no log, sometimes one that does not follow the last (a view the planner missed)
      const from = roll < 0.1 ? version + 7 : version;
      const log =
        roll < 0.2 && roll >= 0.1 ? undefined : { seqs, joined: flags, from, to: version + 1 };
      const replay = log !== undefined && from === version && version > 0;
      if (replay) replayed += queued.length;
      else walks++;
      version++;
      // count the entries the queue reads (a replay reads none unless it rebuilds)
      const counted = new Proxy(queued, {
        get: (target, key, receiver) => {
          if (replay && typeof key === 'string' && /^\d+$/.test(key)) reads++;
          return Reflect.get(target, key, receiver);
        },
      });
      queue.update(counted, tierOf, keyOf, log);
      expect(admissionOrder(queue)).toEqual([...queued].sort(byKeys).map((seq) => seq.seq));
      last = [...queued];
    }
    expect(walks).toBeGreaterThan(40);
    // only the bursts (more changes than a replay takes) rebuild
    expect(reads).toBeLessThan(replayed / 5);
  });
});

describe('NumberedOrder', () => {
  const byArrival = (a: Keyed, b: Keyed): number => a.arrivalTime - b.arrivalTime || a.seq - b.seq;
  const tierOf = (seq: SeqView): number => (seq as Keyed).tier;
  const keyOf = (seq: SeqView): number => (seq as Keyed).key;

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
      // in arrival order: the filter keeps it, newcomers have later arrivals or larger seq
      const got = order.sort(running, tierOf, keyOf);
      expect(got.map((seq) => seq.seq)).toEqual([...running].sort(byKeys).map((seq) => seq.seq));
    }
  });

  it('follows requests leaving and coming back anywhere in arrival order, and other lists', () => {
    const rng = createRng(12);
    const order = new NumberedOrder();
    let running: Keyed[] = [];
    let away: Keyed[] = [];
    for (let step = 0, next = 0; step < 300; step++) {
      const left: Keyed[] = [];
      running = running.filter((seq) => {
        const stays = rng.next() >= 0.1;
        if (!stays) left.push(seq);
        return stays;
      });
      // preempted requests are admitted again at their arrival place; equal arrivals (seq decides)
      const back = away.filter(() => rng.next() < 0.3);
      away = [...away.filter((seq) => !back.includes(seq)), ...left];
      for (let k = Math.floor(rng.next() * 4); k > 0; k--) {
        back.push(request(next++, Math.floor(rng.next() * 2), rng.next() * 20, 'running'));
      }
      running = [...running, ...back].sort(byArrival);
      for (const seq of running) seq.key -= 1;
      // now and then a list of other objects with the same numbers (another executor's)
      const given = step % 37 === 20 ? running.map((seq) => ({ ...seq })) : running;
      const got = order.sort(given, tierOf, keyOf);
      expect(got.map((seq) => seq.seq)).toEqual([...given].sort(byKeys).map((seq) => seq.seq));
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
});
