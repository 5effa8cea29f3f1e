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
 *
 * The run's state lives in the fields of one object rather than in variables shared by closures:
 * V8 boxes every double written to a closure's variables (an allocation per event), not object
 * fields.
 */

import { SchedulerError } from '../core/errors.js';
import { type Mg1RunContext, progressMask, type RankPiece } from './mg1-run-context.js';

/** The M/G/1 run loop for preemptive policies (preemptive-resume, free preemption). */
export function runPreemptive(context: Mg1RunContext): void {
  new PreemptiveRun(context).run();
}

const infinity = Number.POSITIVE_INFINITY;

class PreemptiveRun {
  readonly context: Mg1RunContext;
  readonly store: Mg1RunContext['store'];
  readonly heap: Mg1RunContext['heap'];
  readonly quantum: number;
  now = 0;
  running = -1;
  // The running job's current rank piece.
  tier = 0;
  key = 0;
  slope = 0;
  until = infinity;
  pieceAge = 0;
  quantumEnd = 0;
  // Absolute times of the running job's next completion, piece end and crossing.
  completionAt = infinity;
  pieceEndAt = infinity;
  crossingAt = infinity;
  preemptions = 0;

  constructor(context: Mg1RunContext) {
    this.context = context;
    this.store = context.store;
    this.heap = context.heap;
    this.quantum = context.quantum;
  }

  run(): void {
    const { context, store, heap } = this;
    const { stats, counters } = context;
    const jobs = context.config.jobs;
    let nextArrival = context.nextGap();
    let arrived = 0;
    let events = 0;
    while (arrived < jobs || this.running >= 0) {
      events++;
      const running = this.running;
      if (running < 0) {
        // Idle server: the heap is empty, the next event is an arrival.
        const now = nextArrival;
        this.now = now;
        const slot = store.allocate();
        context.admit(slot, arrived, now);
        arrived++;
        if ((arrived & progressMask) === 0) context.progress(arrived);
        nextArrival = arrived < jobs ? now + context.nextGap() : infinity;
        this.start(slot);
        continue;
      }
      let at = this.completionAt;
      let kind = 0;
      if (this.pieceEndAt < at) {
        at = this.pieceEndAt;
        kind = 1;
      }
      if (this.crossingAt < at) {
        at = this.crossingAt;
        kind = 2;
      }
      if (nextArrival < at) {
        at = nextArrival;
        kind = 3;
      }
      if (kind === 0) {
        this.now = at;
        stats.add(store.id[running] as number, at - (store.arrival[running] as number));
        store.release(running);
        this.running = -1;
        const next = heap.pop();
        if (next >= 0) this.start(next);
      } else if (kind === 1) {
        this.now = at;
        store.age[running] = this.until;
        this.adopt(context.rankSlot(running));
        const top = heap.peek();
        if (top >= 0 && this.beatsRunning(top)) {
          heap.pop();
          this.park();
          this.start(top);
        } else {
          this.plan();
        }
      } else if (kind === 2) {
        store.age[running] = (store.age[running] as number) + (at - this.now);
        this.now = at;
        const top = heap.pop();
        this.park();
        this.start(top);
      } else {
        const age = (store.age[running] as number) + (at - this.now);
        store.age[running] = age;
        this.now = at;
        const slot = store.allocate();
        context.admit(slot, arrived, at);
        arrived++;
        if ((arrived & progressMask) === 0) context.progress(arrived);
        nextArrival = arrived < jobs ? at + context.nextGap() : infinity;
        const piece = context.rankSlot(slot);
        const newTier = piece.tier;
        const newKey = piece.key;
        const tier = this.tier;
        const current = this.key + this.slope * (age - this.pieceAge);
        if (newTier < tier || (newTier === tier && newKey < current)) {
          this.park();
          // Start the newcomer with the piece just computed for it (no second rank call).
          this.running = slot;
          this.quantumEnd = at + this.quantum;
          this.adopt(piece);
          this.plan();
        } else {
          heap.push(slot);
          if (heap.peek() === slot) this.planCrossing();
        }
      }
    }
    counters.events += events;
    counters.preemptions += this.preemptions;
  }

  planCrossing(): void {
    this.crossingAt = infinity;
    const heap = this.heap;
    if (this.slope <= 0 || heap.size === 0) return;
    const store = this.store;
    const top = heap.peek();
    if (store.tier[top] !== this.tier) return;
    const current = this.key + this.slope * ((store.age[this.running] as number) - this.pieceAge);
    let gap = ((store.key[top] as number) - current) / this.slope;
    if (!(gap > 0)) gap = 0;
    this.crossingAt = Math.max(this.now + gap, this.quantumEnd);
  }

  /** Plans the running job's events from `now`; its age must be current. */
  plan(): void {
    const store = this.store;
    const running = this.running;
    const age = store.age[running] as number;
    this.completionAt = this.now + ((store.work[running] as number) - age);
    this.pieceEndAt = this.until === infinity ? infinity : this.now + (this.until - age);
    this.planCrossing();
  }

  /** Makes `piece` (just computed for the running job at its current age) the running piece. */
  adopt(piece: RankPiece): void {
    const age = this.store.age[this.running] as number;
    if (!(piece.until > age)) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `policy '${this.context.config.policy.name}' returned a rank piece ending at age ${piece.until} <= the job's age ${age}`,
      );
    }
    this.tier = piece.tier;
    this.key = piece.key;
    this.slope = piece.slope;
    this.until = piece.until;
    this.pieceAge = age;
  }

  start(slot: number): void {
    this.running = slot;
    this.quantumEnd = this.now + this.quantum;
    this.adopt(this.context.rankSlot(slot));
    this.plan();
  }

  /** Puts the running job back into the heap with its current (frozen) rank. */
  park(): void {
    const store = this.store;
    const running = this.running;
    store.tier[running] = this.tier;
    store.key[running] = this.key + this.slope * ((store.age[running] as number) - this.pieceAge);
    this.heap.push(running);
    this.preemptions++;
  }

  /** True when waiting slot `top` sorts before the running job (full tie-break). */
  beatsRunning(top: number): boolean {
    const store = this.store;
    const running = this.running;
    const topTier = store.tier[top] as number;
    if (topTier !== this.tier) return topTier < this.tier;
    const topKey = store.key[top] as number;
    if (topKey !== this.key) return topKey < this.key;
    const topArrival = store.arrival[top] as number;
    const runArrival = store.arrival[running] as number;
    if (topArrival !== runArrival) return topArrival < runArrival;
    return (store.id[top] as number) < (store.id[running] as number);
  }
}
