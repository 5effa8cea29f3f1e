import { SchedulerError } from '../core/errors.js';
import type { Mg1RunContext, RankPiece } from './mg1-run-context.js';

/**
 * The M/G/1 run loop for preemptive policies (preemptive-resume, free preemption).
 *
 * Only the running job ages, so a waiting job's rank is frozen at the value it had when it stopped
 * (stored in the heap). The running job's rank is the policy's current piece
 * `key + slope * (age - pieceAge)` until age `until`. Four events, whichever comes first:
 *  - completion: record the response time, start the best waiting job;
 *  - arrival: rank the newcomer at age 0; it preempts iff its (tier, key) is strictly lower than the
 *    running job's current one (equal ranks go to the earlier arrival, i.e. the running job);
 *  - piece end (age reaches `until`, snapped exactly): re-rank the running job; the best waiting
 *    job takes over if it now sorts first by (tier, key, arrival, id);
 *  - crossing (slope > 0 only): the running job's rising key meets the best waiting key of the same
 *    tier; they switch. After every switch the new job keeps the server for at least `quantum`
 *    before a crossing may take it away: jobs whose ranks rise in lockstep (las, bounce) therefore
 *    time-share in quanta instead of switching infinitely often (algorithms.md §0.3).
 * Falling ranks (srpt, sprpt, gittins inside a piece) never need a crossing event: a running job
 * only gets better, and the waiting ones cannot change.
 */
export function runPreemptive(context: Mg1RunContext): void {
  const { store, heap, stats, counters, quantum } = context;
  const jobs = context.config.jobs;
  const policyName = context.config.policy.name;
  const infinity = Number.POSITIVE_INFINITY;

  let now = 0;
  let nextArrival = context.nextGap();
  let arrived = 0;
  let running = -1;
  // The running job's current rank piece.
  let tier = 0;
  let key = 0;
  let slope = 0;
  let until = infinity;
  let pieceAge = 0;
  let quantumEnd = 0;
  // Absolute times of the running job's next completion, piece end and crossing.
  let completionAt = infinity;
  let pieceEndAt = infinity;
  let crossingAt = infinity;
  let events = 0;
  let preemptions = 0;

  const planCrossing = (): void => {
    crossingAt = infinity;
    if (slope <= 0 || heap.size === 0) return;
    const top = heap.peek();
    if (store.tier[top] !== tier) return;
    const current = key + slope * ((store.age[running] as number) - pieceAge);
    let gap = ((store.key[top] as number) - current) / slope;
    if (!(gap > 0)) gap = 0;
    const at = now + gap;
    crossingAt = Math.max(at, quantumEnd);
  };

  /** Plans the running job's events from `now`; its age must be current. */
  const plan = (): void => {
    const age = store.age[running] as number;
    completionAt = now + ((store.work[running] as number) - age);
    pieceEndAt = until === infinity ? infinity : now + (until - age);
    planCrossing();
  };

  /** Takes the running job's current piece from the policy (its age must be current). */
  const rankRunning = (): void => {
    adopt(context.rankSlot(running));
  };

  /** Makes `piece` (just computed for the running job at its current age) the running piece. */
  const adopt = (piece: RankPiece): void => {
    const age = store.age[running] as number;
    if (!(piece.until > age)) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `policy '${policyName}' returned a rank piece ending at age ${piece.until} <= the job's age ${age}`,
      );
    }
    tier = piece.tier;
    key = piece.key;
    slope = piece.slope;
    until = piece.until;
    pieceAge = age;
  };

  const start = (slot: number): void => {
    running = slot;
    quantumEnd = now + quantum;
    rankRunning();
    plan();
  };

  /** Puts the running job back into the heap with its current (frozen) rank. */
  const park = (): void => {
    store.tier[running] = tier;
    store.key[running] = key + slope * ((store.age[running] as number) - pieceAge);
    heap.push(running);
    preemptions++;
  };

  /** True when waiting slot `top` sorts before the running job (full tie-break). */
  const beatsRunning = (top: number): boolean => {
    const topTier = store.tier[top] as number;
    if (topTier !== tier) return topTier < tier;
    const topKey = store.key[top] as number;
    if (topKey !== key) return topKey < key;
    const topArrival = store.arrival[top] as number;
    const runArrival = store.arrival[running] as number;
    if (topArrival !== runArrival) return topArrival < runArrival;
    return (store.id[top] as number) < (store.id[running] as number);
  };

  while (arrived < jobs || running >= 0) {
    events++;
    if (running < 0) {
      // Idle server: the heap is empty, the next event is an arrival.
      now = nextArrival;
      const slot = store.allocate();
      context.admit(slot, arrived, now);
      arrived++;
      nextArrival = arrived < jobs ? now + context.nextGap() : infinity;
      start(slot);
      continue;
    }
    let at = completionAt;
    let kind = 0;
    if (pieceEndAt < at) {
      at = pieceEndAt;
      kind = 1;
    }
    if (crossingAt < at) {
      at = crossingAt;
      kind = 2;
    }
    if (nextArrival < at) {
      at = nextArrival;
      kind = 3;
    }
    if (kind === 0) {
      now = at;
      stats.add(store.id[running] as number, now - (store.arrival[running] as number));
      store.release(running);
      running = -1;
      const next = heap.pop();
      if (next >= 0) start(next);
    } else if (kind === 1) {
      now = at;
      store.age[running] = until;
      rankRunning();
      const top = heap.peek();
      if (top >= 0 && beatsRunning(top)) {
        heap.pop();
        park();
        start(top);
      } else {
        plan();
      }
    } else if (kind === 2) {
      store.age[running] = (store.age[running] as number) + (at - now);
      now = at;
      const top = heap.pop();
      park();
      start(top);
    } else {
      store.age[running] = (store.age[running] as number) + (at - now);
      now = at;
      const slot = store.allocate();
      context.admit(slot, arrived, now);
      arrived++;
      nextArrival = arrived < jobs ? now + context.nextGap() : infinity;
      const piece = context.rankSlot(slot);
      const newTier = piece.tier;
      const newKey = piece.key;
      const current = key + slope * ((store.age[running] as number) - pieceAge);
      if (newTier < tier || (newTier === tier && newKey < current)) {
        park();
        // Start the newcomer with the piece just computed for it (no second rank call).
        running = slot;
        quantumEnd = now + quantum;
        adopt(piece);
        plan();
      } else {
        heap.push(slot);
        if (heap.peek() === slot) planCrossing();
      }
    }
  }
  counters.events += events;
  counters.preemptions += preemptions;
}
