/**
 * An arrival process: `times(count, rng)` gives `count` non-decreasing arrival times in seconds,
 * the first one after one inter-arrival gap from 0. Implementations: poisson, gamma (bursty, a CV),
 * diurnal (sinusoidal rate). Deterministic for a given rng stream.
 */

import type { Rng } from '../../core/rng.js';

/**
 * An arrival process: `times(count, rng)` gives `count` non-decreasing arrival times in seconds,
 * the first one after one inter-arrival gap from 0.
 */
export interface ArrivalProcess {
  /** Canonical description, e.g. `gamma:rate=2,cv=3`. */
  readonly spec: string;
  /** Long-run mean arrival rate, requests per second. */
  readonly meanRate: number;
  times(count: number, rng: Rng): number[];
}
