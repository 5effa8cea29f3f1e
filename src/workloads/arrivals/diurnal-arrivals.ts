/**
 * Diurnal arrivals: a non-homogeneous Poisson process with rate
 * `rate * (1 + amplitude * sin(2 pi t / period))`, sampled by thinning (Lewis and Shedler):
 * candidates at the peak rate, each kept with probability rate(t) / peak.
 *
 * @example
 * diurnalArrivals(2, { period: 600, amplitude: 0.8 }).times(1000, createRng(3));
 */

import type { Rng } from '../../core/rng.js';
import { exponentialSample } from '../sampling/gamma-sample.js';
import type { ArrivalProcess } from './arrival-process.js';
import { positiveRate } from './positive-rate.js';

/**
 * Diurnal arrivals: a non-homogeneous Poisson process with rate `rate * (1 + amplitude * sin(2 pi
 * t / period))`, sampled by thinning (Lewis and Shedler): candidates at the peak rate, each kept
 * with probability rate(t) / peak.
 */
export function diurnalArrivals(
  rate: number,
  options: { readonly period: number; readonly amplitude: number },
): ArrivalProcess {
  positiveRate(rate, 'rate');
  positiveRate(options.period, 'period');
  const amplitude = Math.min(Math.max(options.amplitude, 0), 1);
  const peak = rate * (1 + amplitude);
  const rateAt = (t: number): number =>
    rate * (1 + amplitude * Math.sin((2 * Math.PI * t) / options.period));
  return {
    spec: `diurnal:rate=${rate},period=${options.period},amplitude=${amplitude}`,
    meanRate: rate,
    times(count: number, rng: Rng): number[] {
      const times: number[] = [];
      let now = 0;
      while (times.length < count) {
        now += exponentialSample(rng, peak);
        if (rng.next() * peak < rateAt(now)) times.push(now);
      }
      return times;
    },
  };
}
