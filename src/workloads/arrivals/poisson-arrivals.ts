/**
 * Poisson arrivals: exponential inter-arrival gaps at `rate` requests per second (CV 1).
 *
 * @example
 * poissonArrivals(2).times(3, createRng(7)); // three times, mean gap 0.5 s
 */

import type { Rng } from '../../core/rng.js';
import { exponentialSample } from '../sampling/gamma-sample.js';
import type { ArrivalProcess } from './arrival-process.js';
import { positiveRate } from './positive-rate.js';

/** Poisson arrivals: exponential inter-arrival gaps at `rate` requests per second (CV 1). */
export function poissonArrivals(rate: number): ArrivalProcess {
  positiveRate(rate, 'rate');
  return {
    spec: `poisson:rate=${rate}`,
    meanRate: rate,
    times(count: number, rng: Rng): number[] {
      const times = new Array<number>(count);
      let now = 0;
      for (let i = 0; i < count; i++) {
        now += exponentialSample(rng, rate);
        times[i] = now;
      }
      return times;
    },
  };
}
