/**
 * Offline training of the learned predictor from labelled examples:
 * 1. hold out `holdout` of the prompts (by prompt hash, so repeated prompts stay on one side;
 *    default 10%, up to 30% on small sets so that about 30 are held out);
 * 2. `epochs` shuffled SGD passes over the rest (seeded shuffle; the learning rate decays as
 *    1/sqrt(epoch));
 * 3. fit the stacked length regression (length-stack.ts) on the training part, then on the
 *    held-out prompts, for each stack weight in `stackWeights`, the softmax temperature (grid
 *    0.3-3: the p90 coverage closest to `coverageAim`, see `chooseTemperature`), keeping the
 *    weight whose choice has the lowest held-out log-loss (fewer than 20 held out: weight 0, T 1);
 * 4. one online pass over the held-out examples, so no data is wasted;
 * 5. every example also feeds the per-group histograms.
 *
 * @example
 * fitLearnedPredictor(predictor, examples, { seed: 1 });
 */

import { createRng } from '../../core/rng.js';
import { promptHashUnit } from '../eval/split-by-prompt.js';
import { observeGroup } from '../group-histograms.js';
import type { PredictorInput } from '../predictor.js';
import type { LearnedPredictor } from './learned-predictor.js';
import { fitLengthStack } from './length-stack.js';

/** A labelled example: the predictor input and its true output length. */
export interface TrainingExample {
  readonly input: PredictorInput;
  readonly outputTokens: number;
}

export interface FitOptions {
  readonly seed: number;
  readonly epochs?: number;
  readonly holdout?: number;
}

export interface FitReport {
  readonly trained: number;
  readonly heldOut: number;
  readonly temperature: number;
  readonly heldOutLogLoss: number;
  /** Share of held-out lengths at or below the predicted p90 at the chosen temperature. */
  readonly heldOutCoverage: number;
  /** Weight of the stacked prompt-length regression (length-stack.ts). */
  readonly stackWeight: number;
}

/** Candidate weights of the stacked length regression. */
const stackWeights = [0, 0.15, 0.3, 0.5, 0.7];

interface HeldOutScore {
  readonly temperature: number;
  readonly loss: number;
  readonly coverage: number;
}

/** Log-loss and p90 coverage of the predictor's own `predict` on held-out examples at `temperature`. */
function scoreHeldOut(
  predictor: LearnedPredictor,
  examples: readonly TrainingExample[],
  temperature: number,
): HeldOutScore {
  predictor.state.model.temperature = temperature;
  predictor.clearPredictions();
  let loss = 0;
  let covered = 0;
  for (const example of examples) {
    const prediction = predictor.predict(example.input);
    const probs = prediction.buckets?.probs ?? [];
    const target = predictor.target(example.outputTokens);
    let p = 0;
    for (let k = 0; k < probs.length; k++) p += (target[k] ?? 0) * (probs[k] ?? 0);
    loss -= Math.log(Math.max(1e-9, p));
    if (example.outputTokens <= (prediction.quantiles[8] ?? 0)) covered++;
  }
  const n = Math.max(1, examples.length);
  return { temperature, loss: loss / n, coverage: covered / n };
}

/**
 * The temperature whose held-out p90 coverage is closest to 92% (ties: lower log-loss). Log-loss
 * alone picked over-confident temperatures (p90 coverage 0.79-0.81 on three datasets), and the
 * test coverage ran 2-6 points below the held-out one, hence the aim above 90%.
 */
export const coverageAim = 0.92;

function chooseTemperature(scores: readonly HeldOutScore[]): HeldOutScore {
  let best = scores[0] as HeldOutScore;
  for (const score of scores) {
    const gap = Math.abs(score.coverage - coverageAim);
    const bestGap = Math.abs(best.coverage - coverageAim);
    if (gap < bestGap - 1e-12 || (Math.abs(gap - bestGap) <= 1e-12 && score.loss < best.loss))
      best = score;
  }
  return best;
}

export function fitLearnedPredictor(
  predictor: LearnedPredictor,
  examples: readonly TrainingExample[],
  options: FitOptions,
): FitReport {
  // small sets hold out more (about 30 prompts) so the temperature and stack weight can be fitted
  const holdout =
    options.holdout ?? Math.min(0.3, Math.max(0.1, 30 / Math.max(1, examples.length)));
  const epochs = options.epochs ?? 3;
  const { model, config, histograms } = predictor.state;
  const train: TrainingExample[] = [];
  const heldOut: TrainingExample[] = [];
  for (const example of examples) {
    const side = promptHashUnit(example.input.prompt ?? '', options.seed ^ 0x5eed);
    (side < holdout ? heldOut : train).push(example);
  }
  const rng = createRng(options.seed).fork('fit-learned');
  const order = train.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const rate = config.learningRate / Math.sqrt(epoch + 1);
    for (const index of order) {
      const example = train[index];
      if (example !== undefined) predictor.train(example.input, example.outputTokens, rate);
    }
  }
  // the histograms of the training prompts take part in the held-out predictions (back-off, floor)
  for (const example of train) observeGroup(histograms, example.input, example.outputTokens);
  const stack = predictor.state.stack;
  Object.assign(
    stack,
    fitLengthStack(
      train.map((e) => ({ promptTokens: e.input.promptTokens, outputTokens: e.outputTokens })),
    ),
  );
  let best = scoreHeldOut(predictor, heldOut, 1);
  let bestWeight = 0;
  if (heldOut.length >= 20) {
    // per stack weight the temperature by coverage; across weights the lowest held-out log-loss
    for (let w = 0; w < stackWeights.length; w++) {
      stack.weight = stackWeights[w] as number;
      const scores: HeldOutScore[] = [];
      for (let step = 3; step <= 30; step++)
        scores.push(scoreHeldOut(predictor, heldOut, step / 10));
      const chosen = chooseTemperature(scores);
      if (w === 0 || chosen.loss < best.loss) {
        best = chosen;
        bestWeight = stack.weight;
      }
    }
  }
  stack.weight = bestWeight;
  model.temperature = best.temperature;
  for (const example of heldOut) {
    observeGroup(histograms, example.input, example.outputTokens);
    predictor.train(
      example.input,
      example.outputTokens,
      config.learningRate / Math.sqrt(epochs + 1),
    );
  }
  predictor.clearCache();
  return {
    trained: train.length,
    heldOut: heldOut.length,
    temperature: best.temperature,
    heldOutLogLoss: best.loss,
    heldOutCoverage: best.coverage,
    stackWeight: bestWeight,
  };
}
