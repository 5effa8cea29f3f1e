import type { Distribution } from '../core/distributions/distribution.js';
import type { Rng } from '../core/rng.js';
import type { PredictionModel } from './prediction-model.js';

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

  readonly #arrivals: Rng;
  readonly #serviceRng: Rng;
  readonly #predictionRng: Rng;
  /** lambda, in a Float64Array: the fill loop reads a plain double (a number field is checked). */
  readonly #lambda = new Float64Array(1);
  readonly #service: Distribution;
  readonly #prediction: PredictionModel | undefined;

  /** `prediction` undefined: the policy reads no prediction (y = x, no draw). */
  constructor(
    streams: { readonly arrivals: Rng; readonly service: Rng; readonly prediction: Rng },
    lambda: number,
    service: Distribution,
    prediction: PredictionModel | undefined,
  ) {
    this.#arrivals = streams.arrivals;
    this.#serviceRng = streams.service;
    this.#predictionRng = streams.prediction;
    this.#lambda[0] = lambda;
    this.#service = service;
    this.#prediction = prediction;
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

  /** Draws the next `drawChunk` gaps into `gaps` and sets `gapAt` to 0. */
  fillGaps(): void {
    const gaps = this.gaps;
    const rng = this.#arrivals;
    const lambda = this.#lambda[0] as number;
    for (let i = 0; i < chunk; i++) gaps[i] = -Math.log(1 - rng.next()) / lambda;
    this.gapAt = 0;
  }

  /** Draws the next `drawChunk` jobs into `sizes` and `predictions` and sets `jobAt` to 0. */
  fillJobs(): void {
    const sizes = this.sizes;
    const predictions = this.predictions;
    const service = this.#service;
    const serviceRng = this.#serviceRng;
    for (let i = 0; i < chunk; i++) sizes[i] = service.sample(serviceRng);
    const prediction = this.#prediction;
    if (prediction === undefined) predictions.set(sizes);
    else {
      const predictionRng = this.#predictionRng;
      for (let i = 0; i < chunk; i++)
        predictions[i] = prediction.sample(sizes[i] as number, predictionRng);
    }
    this.jobAt = 0;
  }
}
