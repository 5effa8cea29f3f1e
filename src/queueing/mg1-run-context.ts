/**
 * What `simulateMg1` hands its run loops (non-preemptive and preemptive): the job store and rank
 * heap, the measurement, and closures that draw arrivals, admit jobs and rank them with the policy.
 */

import type { BatchMeans } from './batch-means.js';
import type { Mg1JobStore } from './mg1-job-store.js';
import type { Mg1RankHeap } from './mg1-rank-heap.js';
import type { Mg1SimConfig } from './mg1-simulator.js';

/** Raw counters a run loop reports back. */
export interface Mg1RunCounters {
  events: number;
  preemptions: number;
  totalWork: number;
}

/** Everything a run loop needs: streams, policy, measurement. Built once by `simulateMg1`. */
export interface Mg1RunContext {
  readonly config: Mg1SimConfig;
  readonly quantum: number;
  readonly store: Mg1JobStore;
  readonly heap: Mg1RankHeap;
  readonly stats: BatchMeans;
  /** Draws the next interarrival gap. */
  readonly nextGap: () => number;
  /** Fills the store slot for job `id` arriving at `arrival` (x, y, work, dist). */
  readonly admit: (slot: number, id: number, arrival: number) => void;
  /** Ranks the job in `slot` at its stored age; writes tier/key into the store and returns it. */
  readonly rankSlot: (slot: number) => RankPiece;
  readonly counters: Mg1RunCounters;
  /** Observe-only: called with the jobs arrived so far every `progressEvery` (65536) arrivals. */
  readonly progress: (arrivedJobs: number) => void;
}

/** `(arrived & progressMask) === 0` every 65536 arrivals: when run loops call `progress`. */
export const progressMask = 0xffff;

/** The mutable piece record `rankSlot` fills (one per run, reused). */
export interface RankPiece {
  tier: number;
  key: number;
  slope: number;
  until: number;
}
