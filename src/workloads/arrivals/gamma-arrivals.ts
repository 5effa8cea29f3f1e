/**
 * Gamma renewal arrivals: inter-arrival gaps ~ Gamma(shape 1/cv^2, scale cv^2/rate), so the mean
 * rate is `rate` and the gaps' coefficient of variation is `cv`. cv = 1 is Poisson; cv > 1 gives
 * bursts (many short gaps, a few long ones), the way Vidur and DistServe model bursty traffic.
 *
 * @example
 * gammaArrivals(4, 3).times(100, createRng(1)); // bursty, 4 req/s on average
 */

import type { Rng } from '../../core/rng.js';
import { exponentialSample, gammaSample } from '../sampling/gamma-sample.js';
import type { ArrivalProcess } from './arrival-process.js';
import { positiveRate } from './positive-rate.js';

/**
 * Gamma renewal arrivals: inter-arrival gaps ~ Gamma(shape 1/cv^2, scale cv^2/rate), so the mean
 * rate is `rate` and the gaps' coefficient of variation is `cv`. cv = 1 is Poisson; cv > 1 gives
 * bursts (many short gaps, a few long ones), the way Vidur and DistServe model bursty traffic.
 */
export function gammaArrivals(rate: number, cv: number): ArrivalProcess {
  positiveRate(rate, 'rate');
  positiveRate(cv, 'cv');
  const shape = 1 / (cv * cv);
  const scale = (cv * cv) / rate;
  return {
    spec: `gamma:rate=${rate},cv=${cv}`,
    meanRate: rate,
    times(count: number, rng: Rng): number[] {
      const times = new Array<number>(count);
      let now = 0;
      for (let i = 0; i < count; i++) {
        now += cv === 1 ? exponentialSample(rng, rate) : gammaSample(rng, shape, scale);
        times[i] = now;
      }
      return times;
    },
  };
}
