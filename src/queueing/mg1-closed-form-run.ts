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
 * deoptimisation; progress is reported between chunks). Inside a chunk everything the loop reads
 * per event is a local: the carried doubles (kept in a Float64Array between chunks), the store's
 * arrays (constants of the chunk: a chunk stops before an arrival that would grow the store, and
 * the next one starts with the new arrays), the store's free-slot count (written back at the
 * end of the chunk), the draw buffers and their read positions
 * (`Mg1Draws.gaps` / `sizes` / `predictions`). Fields re-read from objects after every call and
 * `let` locals holding arrays were rechecked at each use; this cut the loop's machine code by a
 * fifth (same results).
 */

import type { ClosedFormRank } from '../policies/rank-policy.js';
import type { BatchMeans } from './batch-means.js';
import { drawChunk, type Mg1Draws } from './mg1-draws.js';
import type { Mg1JobStore } from './mg1-job-store.js';
import type { Mg1RankHeap } from './mg1-rank-heap.js';
import { type Mg1RunContext, progressMask } from './mg1-run-context.js';

/**
 * The M/G/1 run loop for policies whose rank has a closed form (tier, base + slope * age) with
 * slope <= 0 (`RankPolicy.closedForm`: fifo, sjf, spjf, psjf, pspjf, srpt, sprpt): a waiting job's
 * rank is frozen and a running one's only falls, so the only events are arrivals and completions,
 * as in the generic loops (`mg1-non-preemptive.ts`, `mg1-preemptive.ts`) with these ranks, and
 * with the same arithmetic, hence the same results bit for bit (`closed-form-rank.test.ts`
 * compares the two).
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
    preemptive: preemptive ? 1 : 0,
    state: new Float64Array(6),
    arrived: 0,
    running: -1,
    events: 0,
    preemptions: 0,
    runChunk: notYet,
  };
  run.runChunk = chunkRunner(run);
  run.state[completionAt] = Number.POSITIVE_INFINITY;
  run.state[nextArrivalAt] = draws.nextGap();
  // A first chunk of one arrival runs the chunk's epilogue before V8 optimises the loop (it is
  // compiled on the stack, mid-loop): otherwise the optimised code lacks feedback for the epilogue
  // and is thrown away at the end of every chunk.
  for (let k = 1; k <= 16; k++) runUntil(run, k);
  for (let limit = progressMask + 1; ; limit += progressMask + 1) {
    runUntil(run, limit);
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
  /** 1: preemptive, 0: not (a number: the JIT tests it without a generic truthiness check). */
  readonly preemptive: number;
  /** now, the running job's key at `pieceAge`, pieceAge, completion time, next arrival, work. */
  readonly state: Float64Array;
  arrived: number;
  /** Store slot of the running job, -1 when idle. */
  running: number;
  events: number;
  preemptions: number;
  /** `chunkRunner(this)`, made again after the store grows (its arrays are replaced). */
  runChunk: (limit: number) => boolean;
}

const notYet = (): boolean => false;

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

/** Runs events until `limit` jobs have arrived (or the run is over), growing the store as needed. */
function runUntil(run: ClosedFormRun, limit: number): void {
  while (!run.runChunk(limit)) {
    run.store.grow();
    run.runChunk = chunkRunner(run);
  }
}

/**
 * The chunk loop of `run`, over the store's current arrays: `runChunk(limit)` runs events until
 * `limit` jobs have arrived (or the run is over) and returns true; or stops before an arrival that
 * finds the store full and returns false (the caller grows the store and makes a new runner).
 *
 * Everything the loop reads that is fixed for the runner (the store's arrays, the draw buffers,
 * the carried-state array, the rank form, the job count) is a `const` of this closure's context,
 * not a local of the loop: V8 compiles a closure whose function literal has made only one closure
 * so far against its actual context, so these become constants in the machine code (the arrays'
 * maps, data addresses and lengths; `base` and `preemptive` fold their branches away). Callgrind,
 * 1M sprpt jobs: 660 M instructions in the loop as locals, about 400 M as constants. A second
 * runner in the same process (a store that grew, a second run) is compiled without that
 * specialisation: the same results, at the loop's earlier speed.
 */
function chunkRunner(run: ClosedFormRun): (limit: number) => boolean {
  const fixed = {
    store: run.store,
    heap: run.heap,
    stats: run.stats,
    draws: run.draws,
    state: run.state,
    tier: run.tier,
    slope: run.slope,
    base: run.base,
    preemptive: run.preemptive,
    jobs: run.jobs,
    idOf: run.store.id,
    arrivalOf: run.store.arrival,
    ageOf: run.store.age,
    workOf: run.store.work,
    sizeOf: run.store.size,
    predictedOf: run.store.predicted,
    freeSlots: run.store.free,
    gaps: run.draws.gaps,
    sizes: run.draws.sizes,
    predictions: run.draws.predictions,
  };
  const runChunk = (limit: number): boolean => {
    // Locals: constants where V8 specialises this closure, registers or stack slots otherwise
    // (read from the closure at each use they would be re-checked there).
    const { store, heap, stats, draws, state, tier, slope, base, preemptive, jobs } = fixed;
    const { idOf, arrivalOf, ageOf, workOf, sizeOf, predictedOf } = fixed;
    const { gaps, sizes, predictions, freeSlots } = fixed;
    const infinity = Number.POSITIVE_INFINITY;
    const chunkSize = drawChunk;
    let arrived = run.arrived;
    let running = run.running;
    let events = run.events;
    let preemptions = run.preemptions;
    let now = state[nowAt] as number;
    let key = state[keyAt] as number;
    let pieceAge = state[pieceAgeAt] as number;
    let completion = state[completionAt] as number;
    let nextArrival = state[nextArrivalAt] as number;
    let totalWork = state[totalWorkAt] as number;
    let complete = true;
    let gapAt = draws.gapAt;
    let jobAt = draws.jobAt;
    // The store's free list inline: `freeCount` a local, written back at the end.
    let freeCount = store.freeCount;
    while ((arrived < jobs || running >= 0) && arrived < limit) {
      events++;
      if (running >= 0 && !(nextArrival < completion)) {
        now = completion;
        stats.add(idOf[running] as number, now - (arrivalOf[running] as number));
        freeSlots[freeCount] = running;
        freeCount = (freeCount + 1) | 0;
        running = heap.pop();
        if (running >= 0) {
          const age = ageOf[running] as number;
          key =
            (base === 0
              ? 0
              : base === 1
                ? (sizeOf[running] as number)
                : (predictedOf[running] as number)) +
            slope * age;
          pieceAge = age;
          completion = now + ((workOf[running] as number) - age);
        } else {
          completion = infinity;
        }
        continue;
      }
      if (freeCount === 0) {
        events--;
        complete = false;
        break;
      }
      if (running >= 0 && preemptive === 1) {
        ageOf[running] = (ageOf[running] as number) + (nextArrival - now);
      }
      now = nextArrival;
      freeCount = (freeCount - 1) | 0;
      const slot = freeSlots[freeCount] as number;
      if (jobAt === chunkSize) {
        draws.fillJobs();
        jobAt = 0;
      }
      const x = sizes[jobAt] as number;
      const y = predictions[jobAt] as number;
      jobAt++;
      idOf[slot] = arrived;
      arrivalOf[slot] = now;
      ageOf[slot] = 0;
      sizeOf[slot] = x;
      predictedOf[slot] = y;
      workOf[slot] = x;
      totalWork += x;
      arrived++;
      if (arrived < jobs) {
        if (gapAt === chunkSize) {
          draws.fillGaps();
          gapAt = 0;
        }
        nextArrival = now + (gaps[gapAt++] as number);
      } else nextArrival = infinity;
      const newKey = (base === 0 ? 0 : base === 1 ? x : y) + slope * 0;
      if (running < 0) {
        running = slot;
        key = newKey;
        pieceAge = 0;
        completion = now + (x - 0);
        continue;
      }
      const current = key + slope * ((ageOf[running] as number) - pieceAge);
      if (preemptive === 1 && newKey < current) {
        const preempted = running;
        key = newKey;
        pieceAge = 0;
        completion = now + (x - 0);
        heap.pushEntry(
          preempted,
          tier,
          current,
          arrivalOf[preempted] as number,
          idOf[preempted] as number,
        );
        preemptions++;
        running = slot;
      } else {
        heap.pushEntry(slot, tier, newKey, now, arrived - 1);
      }
    }
    store.freeCount = freeCount;
    draws.gapAt = gapAt;
    draws.jobAt = jobAt;
    state[nowAt] = now;
    state[keyAt] = key;
    state[pieceAgeAt] = pieceAge;
    state[completionAt] = completion;
    state[nextArrivalAt] = nextArrival;
    state[totalWorkAt] = totalWork;
    run.arrived = arrived;
    run.running = running;
    run.events = events;
    run.preemptions = preemptions;
    return complete;
  };
  return runChunk;
}
