/**
 * Leave-one-dataset-out evaluation: for each dataset, train on all the others (`train`), predict
 * every example of the one left out (frozen: no `observe`), and score it; then pool the
 * held-out predictions of all folds and score the pool (Kendall tau-b, Spearman, p90 coverage).
 * This is the cold-start figure: no prompt of the scored dataset's task was ever seen.
 *
 * @example
 * const result = leaveOneDatasetOut(byName, (train) => trainPredictorByName('transfer', train, { seed: 1 }));
 */

import type { LengthPredictor } from '../predictor.js';
import {
  type EvaluationResult,
  evaluatePredictor,
  type LabelledInput,
} from './evaluate-predictor.js';
import { kendallTauB, spearman } from './rank-correlation.js';

/** A labelled example with the dataset it came from. */
export interface DatasetExample extends LabelledInput {
  readonly source: string;
}

export interface LodoResult {
  readonly predictor: string;
  readonly perDataset: readonly (EvaluationResult & {
    readonly dataset: string;
    readonly trainedOn: number;
  })[];
  readonly pooled: {
    readonly n: number;
    readonly kendallTau: number;
    readonly spearman: number;
    readonly p90Coverage: number;
    /** Mean over folds of the fold's own tau (each dataset weighs the same). */
    readonly meanDatasetTau: number;
  };
}

export function leaveOneDatasetOut<T extends DatasetExample>(
  datasets: ReadonlyMap<string, readonly T[]>,
  train: (examples: readonly T[]) => LengthPredictor,
  options: { readonly now?: () => number; readonly name?: string } = {},
): LodoResult {
  const predicted: number[] = [];
  const actual: number[] = [];
  let covered = 0;
  const perDataset: LodoResult['perDataset'][number][] = [];
  let name = options.name;
  for (const [held, test] of datasets) {
    const rest = [...datasets]
      .filter(([other]) => other !== held)
      .flatMap(([, examples]) => examples);
    const predictor = train(rest);
    name ??= predictor.name;
    const result = evaluatePredictor(predictor, test, {
      ...(options.now === undefined ? {} : { now: options.now }),
      name: predictor.name,
    });
    perDataset.push({ ...result, dataset: held, trainedOn: rest.length });
    for (const example of test) {
      // cached: the same prediction the evaluation scored
      const prediction = predictor.predict(example.input);
      predicted.push(prediction.mean);
      actual.push(example.outputTokens);
      if (example.outputTokens <= (prediction.quantiles[8] ?? Number.POSITIVE_INFINITY)) covered++;
    }
  }
  const n = actual.length;
  return {
    predictor: name ?? 'unknown',
    perDataset,
    pooled: {
      n,
      kendallTau: kendallTauB(predicted, actual),
      spearman: spearman(predicted, actual),
      p90Coverage: n === 0 ? 0 : covered / n,
      meanDatasetTau:
        perDataset.reduce((sum, r) => sum + r.kendallTau, 0) / Math.max(1, perDataset.length),
    },
  };
}
