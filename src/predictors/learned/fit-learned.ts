import { createRng } from '../../core/rng.js';
import { promptHashUnit } from '../eval/split-by-prompt.js';
import { observeGroup } from '../group-histograms.js';
import type { PredictorInput } from '../predictor.js';
import type { LearnedPredictor } from './learned-predictor.js';
import { predictProbs } from './softmax-regression.js';

/**
 * Offline training of the learned predictor from labelled examples:
 * 1. hold out `holdout` of the prompts (by prompt hash, so repeated prompts stay on one side);
 * 2. `epochs` shuffled SGD passes over the rest (seeded shuffle; the learning rate decays as
 *    1/sqrt(epoch));
 * 3. fit the softmax temperature on the held-out prompts (grid search on log-loss);
 * 4. one online pass over the held-out examples, so no data is wasted;
 * 5. every example also feeds the per-group histograms.
 *
 * @example
 * fitLearnedPredictor(predictor, examples, { seed: 1 });
 */
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
}

function heldOutLogLoss(
  predictor: LearnedPredictor,
  examples: readonly TrainingExample[],
  temperature: number,
): number {
  const { model, config } = predictor.state;
  const out = new Float64Array(model.classes);
  let loss = 0;
  for (const example of examples) {
    predictProbs(model, predictor.features(example.input), out, temperature);
    // the same blend with the histogram floor the predictor applies
    const target = predictor.target(example.outputTokens);
    let p = 0;
    for (let k = 0; k < out.length; k++) p += (target[k] ?? 0) * (out[k] ?? 0);
    loss -= Math.log(Math.max(1e-9, (1 - config.floorMix) * p + config.floorMix / out.length));
  }
  return examples.length === 0 ? 0 : loss / examples.length;
}

export function fitLearnedPredictor(
  predictor: LearnedPredictor,
  examples: readonly TrainingExample[],
  options: FitOptions,
): FitReport {
  const holdout = options.holdout ?? 0.1;
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
  let best = { temperature: 1, loss: heldOutLogLoss(predictor, heldOut, 1) };
  if (heldOut.length >= 20) {
    for (let t = 0.3; t <= 3.001; t += 0.1) {
      const loss = heldOutLogLoss(predictor, heldOut, t);
      if (loss < best.loss) best = { temperature: t, loss };
    }
  }
  model.temperature = best.temperature;
  for (const example of train) observeGroup(histograms, example.input, example.outputTokens);
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
  };
}
