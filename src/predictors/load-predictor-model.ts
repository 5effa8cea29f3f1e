/**
 * Loads any saved predictor model file, dispatching on its `kind` ('learned' or 'transfer'); each
 * kind validates its own version and fields. Unreadable, non-JSON or unknown-kind files are a
 * SchedulerError('MODEL_INVALID') naming the file.
 *
 * @example
 * const predictor = loadPredictorModel('model.json');
 */
import { SchedulerError } from '../core/errors.js';
import { deserializeLearnedModel } from './learned/learned-model-file.js';
import { createLearnedPredictor } from './learned/learned-predictor.js';
import { readModelJson } from './model-json-file.js';
import type { LengthPredictor } from './predictor.js';
import { deserializeTransferModel } from './transfer/transfer-model-file.js';
import { createTransferPredictor } from './transfer/transfer-predictor.js';

const loaders: Record<string, (json: unknown, file: string) => LengthPredictor> = {
  learned: (json, file) => createLearnedPredictor(deserializeLearnedModel(json, file)),
  transfer: (json, file) => createTransferPredictor(deserializeTransferModel(json, file)),
};

export function loadPredictorModel(file: string): LengthPredictor {
  const json = readModelJson(file);
  const kind =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)['kind']
      : undefined;
  const loader =
    typeof kind === 'string' && Object.hasOwn(loaders, kind) ? loaders[kind] : undefined;
  if (loader === undefined) {
    throw new SchedulerError(
      'MODEL_INVALID',
      `${file}: not a predictor model (kind '${String(kind)}', known: ${Object.keys(loaders).join(', ')})`,
    );
  }
  return loader(json, file);
}
