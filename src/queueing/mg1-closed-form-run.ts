import type { ClosedFormRank } from '../policies/rank-policy.js';
import type { Mg1Draws } from './mg1-draws.js';
import { type Mg1RunContext, progressMask } from './mg1-run-context.js';

/**
 * The M/G/1 run loop for policies whose rank has a closed form (tier, base + slope * age) with
 * slope <= 0 (`RankPolicy.closedForm`: fifo, sjf, spjf, psjf, pspjf, srpt, sprpt): a waiting
 * job's rank is frozen and a running one's only falls, so the only events are arrivals and
 * completions, as in the generic loops (`mg1-non-preemptive.ts`, `mg1-preemptive.ts`) with these
 * ranks, and with the same arithmetic, hence the same results bit for bit
 * (`mg1-simulator.test.ts` compares the two). What it saves: no `rank` call, no view, no piece,
 * no closure per job; the job store's arrays and the draws are read directly, and the loop state
 * lives in locals of one function.
 *
 * - arrival: the newcomer's rank at age 0 is (tier, base); a preemptive policy switches to it iff
 *   base < the running job's current key (equal keys go to the earlier arrival: the running job);
 *   a job that finds the server idle starts at once (never ranked, as in the generic loops);
 * - completion (ties with an arrival go to the completion): record the response time, start the
 *   best waiting job at its current key.
 */
export function runClosedForm(
  context: Mg1RunContext,
  draws: Mg1Draws,
  form: ClosedFormRank,
  preemptive: boolean,
): void {
  const { store, heap, stats, counters } = context;
  const jobs = context.config.jobs;
  const { tier, slope } = form;
  const base = form.base;
  const infinity = Number.POSITIVE_INFINITY;
  let nextArrival = draws.nextGap();
  let arrived = 0;
  let events = 0;
  let preemptions = 0;
  let totalWork = 0;
  let now = 0;
  let running = -1;
  // The running job's key at age `pieceAge`, and its completion time.
  let key = 0;
  let pieceAge = 0;
  let completionAt = infinity;
  while (arrived < jobs || running >= 0) {
    events++;
    if (running >= 0 && !(nextArrival < completionAt)) {
      now = completionAt;
      stats.add(store.id[running] as number, now - (store.arrival[running] as number));
      store.release(running);
      running = heap.pop();
      if (running >= 0) {
        const age = store.age[running] as number;
        key = baseOf(store, base, running) + slope * age;
        pieceAge = age;
        completionAt = now + ((store.work[running] as number) - age);
      } else {
        completionAt = infinity;
      }
      continue;
    }
    const at = nextArrival;
    let age = 0;
    if (running >= 0 && preemptive) {
      age = (store.age[running] as number) + (at - now);
      store.age[running] = age;
    }
    now = at;
    const slot = store.allocate();
    draws.nextJob();
    const x = draws.size;
    store.id[slot] = arrived;
    store.arrival[slot] = at;
    store.age[slot] = 0;
    store.size[slot] = x;
    store.predicted[slot] = draws.predicted;
    store.work[slot] = x;
    totalWork += x;
    arrived++;
    if ((arrived & progressMask) === 0) context.progress(arrived);
    nextArrival = arrived < jobs ? at + draws.nextGap() : infinity;
    if (running < 0) {
      running = slot;
      key = baseOf(store, base, slot) + slope * 0;
      pieceAge = 0;
      completionAt = at + (x - 0);
      continue;
    }
    const newKey = baseOf(store, base, slot) + slope * 0;
    store.tier[slot] = tier;
    store.key[slot] = newKey;
    if (preemptive && newKey < key + slope * (age - pieceAge)) {
      store.tier[running] = tier;
      store.key[running] = key + slope * (age - pieceAge);
      heap.push(running);
      preemptions++;
      running = slot;
      key = newKey;
      pieceAge = 0;
      completionAt = at + (x - 0);
    } else {
      heap.push(slot);
    }
  }
  counters.events += events;
  counters.preemptions += preemptions;
  counters.totalWork += totalWork;
}

function baseOf(store: Mg1RunContext['store'], base: ClosedFormRank['base'], slot: number): number {
  return base === 'zero'
    ? 0
    : base === 'size'
      ? (store.size[slot] as number)
      : (store.predicted[slot] as number);
}
