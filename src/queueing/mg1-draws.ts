/**
 * The M/G/1 simulator's random draws, made in chunks: interarrival gaps from the `arrivals`
 * stream, true sizes x from `service`, predictions y | x from `prediction` (only when the policy
 * reads them). Each stream is drawn in the same order as one draw per job would, so results are
 * identical; filling a chunk in a tight loop lets the JIT inline the distribution and the RNG, and
 * the event loop reads plain arrays. A chunk may draw past the last job: those draws are unused.
 *
 * @example
 * const draws = new Mg1Draws({ arrivals, service, prediction }, 0.9, exponentialDistribution(1), exponentialPrediction);
 * const gap = draws.nextGap();
 * draws.nextJob(); // then draws.size, draws.predicted
 * // or, in a hot loop, read draws.sizes[draws.jobAt++] etc. and call draws.fillJobs() (which
 * // resets jobAt to 0) when jobAt reaches drawChunk
 */

import type { Distribution } from '../core/distributions/distribution.js';
import type { Rng } from '../core/rng.js';
import type { PredictionModel } from './prediction-model.js';

/**
 * The M/G/1 simulator's random draws, made in chunks: interarrival gaps from the `arrivals`
 * stream, true sizes x from `service`, predictions y | x from `prediction` (only when the policy
 * reads them).
 */
export const drawChunk = 2048;
const chunk = drawChunk;

export class Mg1Draws {
  /** Interarrival gaps; `gapAt` is the next unread one (`drawChunk`: all read, `fillGaps`). */
  readonly gaps = new Float64Array(chunk);
  /** True sizes and predictions of the next jobs; `jobAt` is the next unread (as `gapAt`). */
  readonly sizes = new Float64Array(chunk);
  readonly predictions = new Float64Array(chunk);
  gapAt = chunk;
  jobAt = chunk;
  /** The true size of the job drawn last by `nextJob`. */
  size = 0;
  /** Its prediction (equal to `size` when predictions are not needed). */
  predicted = 0;

  /** Draws the next `drawChunk` gaps into `gaps` and sets `gapAt` to 0. */
  readonly fillGaps: () => void;
  /** Draws the next `drawChunk` jobs into `sizes` and `predictions` and sets `jobAt` to 0. */
  readonly fillJobs: () => void;

  /** `prediction` undefined: the policy reads no prediction (y = x, no draw). */
  constructor(
    streams: { readonly arrivals: Rng; readonly service: Rng; readonly prediction: Rng },
    lambda: number,
    service: Distribution,
    prediction: PredictionModel | undefined,
  ) {
    this.fillGaps = gapFiller(this, streams.arrivals, lambda);
    this.fillJobs = jobFiller(this, streams.service, service, streams.prediction, prediction);
  }

  nextGap(): number {
    if (this.gapAt === chunk) this.fillGaps();
    return this.gaps[this.gapAt++] as number;
  }

  /** Draws the next job's size and prediction into `size` and `predicted`. */
  nextJob(): void {
    if (this.jobAt === chunk) this.fillJobs();
    this.size = this.sizes[this.jobAt] as number;
    this.predicted = this.predictions[this.jobAt] as number;
    this.jobAt++;
  }
}

/*
 * The fill loops are closures over their streams, distribution and buffer, made once per
 * `Mg1Draws`: V8 compiles a closure whose function literal has made only one closure so far
 * against its actual context, so in a process's first simulation these are constants in the
 * machine code (the distribution's `sample` is inlined without checks, the buffer's address and
 * length are fixed). Later ones compile as plain closures: the same values either way.
 */

function gapFiller(draws: Mg1Draws, rng: Rng, lambda: number): () => void {
  const gaps = draws.gaps;
  const fillGaps = (): void => {
    for (let i = 0; i < chunk; i++) gaps[i] = -Math.log(1 - rng.next()) / lambda;
    draws.gapAt = 0;
  };
  return fillGaps;
}

function jobFiller(
  draws: Mg1Draws,
  serviceRng: Rng,
  service: Distribution,
  predictionRng: Rng,
  prediction: PredictionModel | undefined,
): () => void {
  const { sizes, predictions } = draws;
  const fillJobs = (): void => {
    for (let i = 0; i < chunk; i++) sizes[i] = service.sample(serviceRng);
    if (prediction === undefined) predictions.set(sizes);
    else {
      for (let i = 0; i < chunk; i++)
        predictions[i] = prediction.sample(sizes[i] as number, predictionRng);
    }
    draws.jobAt = 0;
  };
  return fillJobs;
}
