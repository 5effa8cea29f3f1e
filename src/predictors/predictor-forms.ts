/**
 * The spec forms of issue [C]'s predictors, merged into `parsePredictorSpec`'s registry:
 *
 *   learned                 an untrained learned predictor that learns online (observe)
 *   learned:FILE            a model saved by `llmsched predict train` (keeps learning online)
 *   transfer                the answer-form prior, untrained, learning online (observe)
 *   transfer:FILE           a transfer model saved by `llmsched predict train --predictor transfer`
 *   self:SIGMA              simulated LLM self-prediction (noise SIGMA, cost @COST or 0.03 s)
 *   global-mean | global-median | group-median | length-regression   online baselines
 *
 * @example
 * parsePredictorSpec('self:0.5@0.02', { seed: 1 });
 */
import { SchedulerError } from '../core/errors.js';
import { createHistogramBaseline } from './baselines/histogram-baseline.js';
import { createLengthRegression } from './baselines/length-regression.js';
import { loadLearnedModel } from './learned/learned-model-file.js';
import { createLearnedPredictor } from './learned/learned-predictor.js';
import type { PredictorForm } from './parse-predictor.js';
import type { LengthPredictor } from './predictor.js';
import { createSelfPredictor } from './self/self-predictor.js';
import { loadTransferModel } from './transfer/transfer-model-file.js';
import { createTransferPredictor } from './transfer/transfer-predictor.js';

function invalid(spec: string, why: string): SchedulerError {
  return new SchedulerError('INPUT_INVALID', `--predictor '${spec}': ${why}`);
}

function withCost(predictor: LengthPredictor, costSeconds: number): LengthPredictor {
  if (costSeconds === 0) return predictor;
  return {
    ...predictor,
    predict: (request) => ({ ...predictor.predict(request), costSeconds }),
  };
}

function noArguments(name: string, create: () => LengthPredictor): PredictorForm {
  return {
    name,
    usage: [name],
    build: (rest, _context, costSeconds, spec) => {
      if (rest !== '') throw invalid(spec, `${name} takes no arguments`);
      return withCost(create(), costSeconds);
    },
  };
}

export const issueCPredictorForms: Record<string, PredictorForm> = {
  learned: {
    name: 'learned',
    usage: ['learned', 'learned:MODEL.json'],
    build: (rest, _context, costSeconds) =>
      withCost(
        rest === '' ? createLearnedPredictor() : createLearnedPredictor(loadLearnedModel(rest)),
        costSeconds,
      ),
  },
  transfer: {
    name: 'transfer',
    usage: ['transfer', 'transfer:MODEL.json'],
    build: (rest, _context, costSeconds) =>
      withCost(
        rest === '' ? createTransferPredictor() : createTransferPredictor(loadTransferModel(rest)),
        costSeconds,
      ),
  },
  self: {
    name: 'self',
    usage: ['self:SIGMA'],
    build: (rest, context, costSeconds, spec) => {
      const sigma = Number(rest);
      if (rest === '' || !Number.isFinite(sigma) || sigma < 0)
        throw invalid(spec, 'self:SIGMA needs SIGMA >= 0');
      return createSelfPredictor({
        name: `self:${rest}`,
        source: {
          kind: 'simulated',
          sigma,
          seed: context.seed,
          ...(costSeconds > 0 ? { secondsPerQuery: costSeconds } : {}),
        },
      });
    },
  },
  'global-mean': noArguments('global-mean', () => createHistogramBaseline('global-mean')),
  'global-median': noArguments('global-median', () => createHistogramBaseline('global-median')),
  'group-median': noArguments('group-median', () => createHistogramBaseline('group-median')),
  'length-regression': noArguments('length-regression', createLengthRegression),
};
