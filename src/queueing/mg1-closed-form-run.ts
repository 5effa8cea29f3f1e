import type { ClosedFormRank } from '../policies/rank-policy.js';
import type { BatchMeans } from './batch-means.js';
import type { Mg1Draws } from './mg1-draws.js';
import type { Mg1JobStore } from './mg1-job-store.js';
import type { Mg1RankHeap } from './mg1-rank-heap.js';
import { type Mg1RunContext, progressMask } from './mg1-run-context.js';

/**
 * The M/G/1 run loop for policies whose rank has a closed form (tier, base + slope * age) with
 * slope <= 0 (`RankPolicy.closedForm`: fifo, sjf, spjf, psjf, pspjf, srpt, sprpt): a waiting
 * job's rank is frozen and a running one's only falls, so the only events are arrivals and
 * completions, as in the generic loops (`mg1-non-preemptive.ts`, `mg1-preemptive.ts`) with these
 * ranks, and with the same arithmetic, hence the same results bit for bit
 * (`closed-form-rank.test.ts` compares the two). What it saves: no `rank` call, no view, no
 * piece object, no closure per job.
 *
 * - arrival: the newcomer's rank at age 0 is (tier, base); a preemptive policy switches to it iff
 *   base < the running job's current key (equal keys go to the earlier arrival: the running job);
 *   a job that finds the server idle starts at once (never ranked, as in the generic loops);
 * - completion (ties with an arrival go to the completion): record the response time, start the
 *   best waiting job at its current key.
 *
 * Written for V8: the loop runs in chunks of `progressMask + 1` arrivals (`runChunk`, called
 * again and again, so it is optimised as a plain function and re-optimised quickly after a
 * deoptimisation; progress is reported between chunks), and the doubles carried from one event to
 * the next live in a Float64Array: a local double that is live across a call (heap push) is boxed,
 * one allocation per event.
 */
export function runClosedForm(
  context: Mg1RunContext,
  draws: Mg1Draws,
  form: ClosedFormRank,
  preemptive: boolean,
): void {
  const { counters } = context;
  const run: ClosedFormRun = {
    store: context.store,
    heap: context.heap,
    stats: context.stats,
    draws,
    jobs: context.config.jobs,
    tier: form.tier,
    slope: form.slope,
    base: bases[form.base],
    preemptive,
    state: new Float64Array(6),
    arrived: 0,
    running: -1,
    events: 0,
    preemptions: 0,
  };
  run.state[completionAt] = Number.POSITIVE_INFINITY;
  run.state[nextArrivalAt] = draws.nextGap();
  // A first chunk of one arrival runs the chunk's epilogue before V8 optimises the loop (it is
  // compiled on the stack, mid-loop): otherwise the optimised code lacks feedback for the epilogue
  // and is thrown away at the end of every chunk.
  for (let k = 1; k <= 16; k++) runChunk(run, k);
  for (let limit = progressMask + 1; ; limit += progressMask + 1) {
    runChunk(run, limit);
    if (run.arrived >= run.jobs && run.running < 0) break;
    context.progress(run.arrived);
  }
  counters.events += run.events;
  counters.preemptions += run.preemptions;
  counters.totalWork += run.state[totalWorkAt] as number;
}

interface ClosedFormRun {
  readonly store: Mg1JobStore;
  readonly heap: Mg1RankHeap;
  readonly stats: BatchMeans;
  readonly draws: Mg1Draws;
  readonly jobs: number;
  readonly tier: number;
  readonly slope: number;
  /** 0: zero, 1: size, 2: predicted size. */
  readonly base: number;
  readonly preemptive: boolean;
  /** now, the running job's key at `pieceAge`, pieceAge, completion time, next arrival, work. */
  readonly state: Float64Array;
  arrived: number;
  /** Store slot of the running job, -1 when idle. */
  running: number;
  events: number;
  preemptions: number;
}

const bases: Readonly<Record<ClosedFormRank['base'], number>> = {
  zero: 0,
  size: 1,
  predictedSize: 2,
};

// Slots of ClosedFormRun.state.
const nowAt = 0;
const keyAt = 1;
const pieceAgeAt = 2;
const completionAt = 3;
const nextArrivalAt = 4;
const totalWorkAt = 5;

/** Runs events until `limit` jobs have arrived (or the run is over). */
function runChunk(run: ClosedFormRun, limit: number): void {
  const { store, heap, stats, draws, state, tier, slope, base, preemptive } = run;
  const jobs = run.jobs;
  const infinity = Number.POSITIVE_INFINITY;
  let arrived = run.arrived;
  let running = run.running;
  let events = run.events;
  let preemptions = run.preemptions;
  while ((arrived < jobs || running >= 0) && arrived < limit) {
    events++;
    if (running >= 0 && !((state[nextArrivalAt] as number) < (state[completionAt] as number))) {
      const now = state[completionAt] as number;
      state[nowAt] = now;
      stats.add(store.id[running] as number, now - (store.arrival[running] as number));
      store.release(running);
      running = heap.pop();
      if (running >= 0) {
        const age = store.age[running] as number;
        state[keyAt] = baseOf(store, base, running) + slope * age;
        state[pieceAgeAt] = age;
        state[completionAt] = (state[nowAt] as number) + ((store.work[running] as number) - age);
      } else {
        state[completionAt] = infinity;
      }
      continue;
    }
    if (running >= 0 && preemptive) {
      const at = state[nextArrivalAt] as number;
      store.age[running] = (store.age[running] as number) + (at - (state[nowAt] as number));
    }
    state[nowAt] = state[nextArrivalAt] as number;
    const slot = store.allocate();
    draws.nextJob();
    store.id[slot] = arrived;
    store.arrival[slot] = state[nowAt] as number;
    store.age[slot] = 0;
    store.size[slot] = draws.size;
    store.predicted[slot] = draws.predicted;
    store.work[slot] = draws.size;
    state[totalWorkAt] = (state[totalWorkAt] as number) + draws.size;
    arrived++;
    state[nextArrivalAt] = arrived < jobs ? (state[nowAt] as number) + draws.nextGap() : infinity;
    const at = state[nowAt] as number;
    const x = store.work[slot] as number;
    if (running < 0) {
      running = slot;
      state[keyAt] = baseOf(store, base, slot) + slope * 0;
      state[pieceAgeAt] = 0;
      state[completionAt] = at + (x - 0);
      continue;
    }
    const newKey = baseOf(store, base, slot) + slope * 0;
    store.tier[slot] = tier;
    store.key[slot] = newKey;
    const current =
      (state[keyAt] as number) +
      slope * ((store.age[running] as number) - (state[pieceAgeAt] as number));
    if (preemptive && newKey < current) {
      store.tier[running] = tier;
      store.key[running] = current;
      state[keyAt] = newKey;
      state[pieceAgeAt] = 0;
      state[completionAt] = at + (x - 0);
      heap.push(running);
      preemptions++;
      running = slot;
    } else {
      heap.push(slot);
    }
  }
  run.arrived = arrived;
  run.running = running;
  run.events = events;
  run.preemptions = preemptions;
}

function baseOf(store: Mg1JobStore, base: number, slot: number): number {
  return base === 0
    ? 0
    : base === 1
      ? (store.size[slot] as number)
      : (store.predicted[slot] as number);
}
