/**
 * M/G/1 event simulator with predicted job sizes, for ANY rank policy of the registry.
 *
 * Poisson(lambda) arrivals, one server, preemptive-resume service. Job i gets its true size x from
 * `service`, its prediction y from `prediction` (given x), and, for Gittins, the posterior of x
 * given y on a grid (`size-posterior.ts`). The order is decided by the policy's `rank` alone
 * (ties: arrival, then id), as in every other executor:
 * - non-preemptive policies: a started job runs to completion; waiting jobs are ranked once at age 0
 *   (`mg1-non-preemptive.ts`);
 * - preemptive policies: ranks are compared at arrivals, completions, piece ends (`until`) and exact
 *   rank crossings (the running job's rising key meets the best waiting key). Ranks that rise in
 *   lockstep (las, bounce with several overdue jobs) time-share: after a switch the new job keeps
 *   the server for at least `quantum` before a crossing can take it away (`mg1-preemptive.ts`).
 *
 * Policies that declare a `closedForm` rank with a slope <= 0 (fifo, sjf, spjf, psjf, pspjf, srpt,
 * sprpt) run in a specialised loop that computes that rank without calling `rank`
 * (`mg1-closed-form-run.ts`): the same events and arithmetic, so the same results, faster.
 *
 * Measurement (algorithms.md §15.5): response time = completion - arrival; the first and last
 * `warmupFraction` (10%) of job ids are dropped; the 95% confidence half-width comes from batch
 * means over consecutive job ids. Deterministic: the same inputs and seed give the same result.
 * Unstable systems (lambda * E[S] >= 1, or with policy work overhead the measured load >= 1) return
 * `{ kind: 'unstable' }`.
 *
 * @example
 * const result = simulateMg1({
 *   service: exponentialDistribution(1), prediction: exponentialPrediction,
 *   policy: createRankPolicy('sprpt'), lambda: 0.5, jobs: 1_000_000, seed: 1,
 * }); // { kind: 'ok', meanResponseTime: ~1.658, ci95: ~0.005, jobs: 800000, ... }
 */

import type { Distribution } from '../core/distributions/distribution.js';
import { SchedulerError } from '../core/errors.js';
import type { JobField, SizeDistribution } from '../core/job-view.js';
import { createRng } from '../core/rng.js';
import type { RankPolicy } from '../policies/rank-policy.js';
import { BatchMeans } from './batch-means.js';
import { BufferedRng } from './buffered-rng.js';
import { runClosedForm } from './mg1-closed-form-run.js';
import { Mg1Draws } from './mg1-draws.js';
import { Mg1JobStore } from './mg1-job-store.js';
import { runNonPreemptive } from './mg1-non-preemptive.js';
import { runPreemptive } from './mg1-preemptive.js';
import { Mg1RankHeap } from './mg1-rank-heap.js';
import {
  type Mg1RunContext,
  type Mg1RunCounters,
  progressMask,
  type RankPiece,
} from './mg1-run-context.js';
import type { PredictionModel } from './prediction-model.js';
import { createSizePosterior, type SizePosteriorOptions } from './size-posterior.js';

/** One M/G/1 simulation: service and prediction models, policy, load, job count and seed. */
export interface Mg1SimConfig {
  readonly service: Distribution;
  readonly prediction: PredictionModel;
  readonly policy: RankPolicy;
  /** Arrival rate. */
  readonly lambda: number;
  /** Jobs to simulate (including the warm-up and cool-down jobs that are not measured). */
  readonly jobs: number;
  readonly seed: number;
}

export interface Mg1SimOptions {
  /** Minimum service a job keeps after a crossing switch (lockstep ranks); default 0.01 * E[S]. */
  readonly quantum?: number;
  /** Batches for the confidence interval (default 20). */
  readonly batches?: number;
  /** Share of job ids dropped at each end (default 0.1). */
  readonly warmupFraction?: number;
  /**
   * Gittins posterior grid (default 47 atoms: 32 equal-probability cells, the top one split in 16;
   * predictions binned at 200 per decade).
   */
  readonly posterior?: SizePosteriorOptions;
  /**
   * Observe-only progress: called with the number of jobs arrived so far every 65536 arrivals
   * (`progressEvery`), from inside the run. It must not touch the simulation; the results are the
   * same with or without it.
   */
  readonly onProgress?: (arrivedJobs: number) => void;
}

/** Arrivals between two `onProgress` calls (a power of two: the check is one AND per arrival). */
export const progressEvery = progressMask + 1;

export type Mg1SimResult =
  | {
      readonly kind: 'ok';
      readonly meanResponseTime: number;
      /** 95% confidence half-width (batch means). */
      readonly ci95: number;
      /** Jobs measured (after warm-up removal). */
      readonly jobs: number;
      /** Jobs simulated in total. */
      readonly simulatedJobs?: number;
      /** Events processed (arrivals, completions, piece ends, crossings). */
      readonly events?: number;
      /** Times a running job was preempted. */
      readonly preemptions?: number;
      /** Measured load: lambda * mean work per job (includes policy work overhead). */
      readonly load?: number;
    }
  | { readonly kind: 'unstable'; readonly load?: number };

/** Fields the simulator can supply to a policy. */
const supplied: readonly JobField[] = [
  'size',
  'predictedSize',
  'sizeDistribution',
  'serviceSeconds',
  'promptTokens',
];

export function simulateMg1(config: Mg1SimConfig, options: Mg1SimOptions = {}): Mg1SimResult {
  const { service, prediction, policy, lambda, jobs, seed } = config;
  if (!(lambda > 0) || !Number.isFinite(lambda)) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `M/G/1 simulation: lambda must be > 0, got ${lambda}`,
    );
  }
  const warmup = options.warmupFraction ?? 0.1;
  const batches = Math.floor(options.batches ?? 20);
  if (!(warmup >= 0 && warmup < 0.5)) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `M/G/1 simulation: warmupFraction must be in [0, 0.5)`,
    );
  }
  if (batches < 2)
    throw new SchedulerError('CONFIG_INVALID', 'M/G/1 simulation: batches must be >= 2');
  const quantum = options.quantum ?? 0.01 * service.mean;
  if (!(quantum > 0))
    throw new SchedulerError('CONFIG_INVALID', 'M/G/1 simulation: quantum must be > 0');
  const first = Math.floor(jobs * warmup);
  const end = jobs - first;
  if (!Number.isInteger(jobs) || end - first < batches * 10) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `M/G/1 simulation: jobs must be an integer with at least ${batches * 10} measured jobs, got ${jobs}`,
    );
  }
  for (const field of policy.needs) {
    if (!supplied.includes(field)) {
      throw new SchedulerError(
        'CONFIG_INVALID',
        `policy '${policy.name}' needs '${field}', which the M/G/1 simulator does not supply`,
      );
    }
  }
  const baseLoad = lambda * service.mean;
  if (baseLoad >= 1) return { kind: 'unstable', load: baseLoad };

  const rng = createRng(seed);
  const needsPrediction =
    policy.needs.includes('predictedSize') ||
    policy.needs.includes('predictedRemaining') ||
    policy.needs.includes('sizeDistribution');
  const posterior = policy.needs.includes('sizeDistribution')
    ? createSizePosterior(service, prediction, options.posterior)
    : undefined;
  const overhead = policy.workOverhead;
  const draws = new Mg1Draws(
    {
      arrivals: new BufferedRng(rng.fork('arrivals')),
      service: new BufferedRng(rng.fork('service')),
      prediction: new BufferedRng(rng.fork('prediction')),
    },
    lambda,
    service,
    needsPrediction ? prediction : undefined,
  );

  const store = new Mg1JobStore(1024);
  const heap = new Mg1RankHeap(store, 1024);
  const stats = new BatchMeans(batches, first, end);
  const counters: Mg1RunCounters = { events: 0, preemptions: 0, totalWork: 0 };

  // One mutable view reused for every rank call: policies are pure and never keep it.
  const view = {
    seq: 0,
    arrivalTime: 0,
    age: 0,
    size: 0,
    predictedSize: 0,
    serviceSeconds: 0,
    promptTokens: 0,
    ...(posterior ? { sizeDistribution: { values: [0], probs: [1] } as SizeDistribution } : {}),
  };
  const loadView = (slot: number): void => {
    view.seq = store.id[slot] as number;
    view.arrivalTime = store.arrival[slot] as number;
    view.age = store.age[slot] as number;
    view.serviceSeconds = view.age;
    view.size = store.size[slot] as number;
    view.predictedSize = store.predicted[slot] as number;
    if (posterior) {
      const dist = store.dist[slot];
      if (dist) (view as { sizeDistribution: SizeDistribution }).sizeDistribution = dist;
    }
  };
  const piece: RankPiece = { tier: 0, key: 0, slope: 0, until: Number.POSITIVE_INFINITY };

  const context: Mg1RunContext = {
    config,
    quantum,
    store,
    heap,
    stats,
    counters,
    nextGap: () => draws.nextGap(),
    admit: (slot, id, arrival) => {
      draws.nextJob();
      const x = draws.size;
      const y = draws.predicted;
      store.id[slot] = id;
      store.arrival[slot] = arrival;
      store.age[slot] = 0;
      store.size[slot] = x;
      store.predicted[slot] = y;
      if (posterior) store.dist[slot] = posterior(y);
      let work = x;
      if (overhead) {
        loadView(slot);
        work += overhead(view);
      }
      store.work[slot] = work;
      counters.totalWork += work;
    },
    rankSlot: (slot) => {
      loadView(slot);
      const rank = policy.rank(view);
      piece.tier = rank.tier;
      piece.key = rank.key;
      piece.slope = rank.slope;
      piece.until = rank.until;
      store.tier[slot] = rank.tier;
      store.key[slot] = rank.key;
      return piece;
    },
    progress: options.onProgress ?? noProgress,
  };

  const form = policy.closedForm;
  if (form && !overhead && !posterior && (form.slope <= 0 || !policy.preemptive)) {
    runClosedForm(context, draws, form, policy.preemptive);
  } else if (policy.preemptive) runPreemptive(context);
  else runNonPreemptive(context);

  const load = (lambda * counters.totalWork) / jobs;
  if (overhead && load >= 1) return { kind: 'unstable', load };
  const result = stats.result();
  return {
    kind: 'ok',
    meanResponseTime: result.mean,
    ci95: result.ci95,
    jobs: result.count,
    simulatedJobs: jobs,
    events: counters.events,
    preemptions: counters.preemptions,
    load,
  };
}

const noProgress = (): void => {};
