/**
 * Named predictors for evaluation and training, each with how it learns from a training set:
 * the learned model trains offline (epochs + temperature fit, fit-learned.ts), `transfer` fits its
 * cold part (fit-transfer.ts; `transfer-prior` ignores the examples); everything else
 * learns online, one `observe` per training example, in file order. Names not listed here are
 * `parsePredictorSpec` specs (oracle, noisy:..., self:SIGMA, learned:FILE), also fed online.
 *
 * @example
 * const predictor = trainPredictorByName('group-median', train, { seed: 1 });
 */

import { createHistogramBaseline } from '../baselines/histogram-baseline.js';
import { createLengthRegression } from '../baselines/length-regression.js';
import { fitLearnedPredictor, type TrainingExample } from '../learned/fit-learned.js';
import { createLearnedPredictor } from '../learned/learned-predictor.js';
import { parsePredictorSpec } from '../parse-predictor.js';
import type { LengthPredictor } from '../predictor.js';
import { fitTransferModel, type TransferExample } from '../transfer/fit-transfer.js';
import { createTransferPredictor } from '../transfer/transfer-predictor.js';

/** Options every catalog entry is trained with. */
export interface CatalogOptions {
  readonly seed: number;
}

type Trainer = (examples: readonly TransferExample[], options: CatalogOptions) => LengthPredictor;

function online(create: () => LengthPredictor): Trainer {
  return (examples) => {
    const predictor = create();
    for (const example of examples) predictor.observe(example.input, example.outputTokens);
    return predictor;
  };
}

export const predictorCatalog = {
  'global-mean': online(() => createHistogramBaseline('global-mean')),
  'global-median': online(() => createHistogramBaseline('global-median')),
  'group-median': online(() => createHistogramBaseline('group-median')),
  'length-regression': online(createLengthRegression),
  learned: (examples, options) => {
    const predictor = createLearnedPredictor();
    fitLearnedPredictor(predictor, examples, { seed: options.seed });
    return predictor;
  },
  // cold part fitted on the examples (spread by nested leave-one-source-out), frozen in evaluation
  transfer: (examples) => createTransferPredictor(fitTransferModel(examples, {}).model),
  // the bare answer-form prior: nothing learned from the examples
  'transfer-prior': () => createTransferPredictor(),
} as const satisfies Record<string, Trainer>;

export type CatalogName = keyof typeof predictorCatalog;

export const catalogNames = Object.keys(predictorCatalog) as CatalogName[];

export function trainPredictorByName(
  name: string,
  examples: readonly TrainingExample[],
  options: CatalogOptions,
): LengthPredictor {
  if (Object.hasOwn(predictorCatalog, name)) {
    return predictorCatalog[name as CatalogName](examples, options);
  }
  return online(() => parsePredictorSpec(name, { seed: options.seed }))(examples, options);
}
