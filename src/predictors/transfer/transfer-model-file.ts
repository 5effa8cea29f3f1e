/**
 * Versioned JSON of the transfer predictor's cold part:
 * `{ format: 'llmsched-predictor', kind: 'transfer', version: 2, features: [names], usePrior,
 *    intercept, weights: [one per feature], centers: { name: centre } (the within columns),
 *    clip (ln units, null = none), atoms: [40 sorted residual quantiles] }`.
 * Version 2 added `centers` and `clip` (cold-correction.ts); version 1 files (written for about
 * an hour on 2026-12-02) are refused with the reason: retrain them.
 * The feature names are stored and must equal this build's (`denseFeatureNames`): a file written
 * by a build with other features is refused, naming the difference, rather than silently misread.
 * The online state (words, group residuals) is not saved: a deployment relearns it.
 * Anything else malformed is a SchedulerError('MODEL_INVALID') naming the file and the field.
 *
 * @example
 * saveTransferModel(model, 'transfer.json');
 * const model = loadTransferModel('transfer.json');
 */

import { SchedulerError } from '../../core/errors.js';
import { modelFormat } from '../learned/learned-model-file.js';
import { readModelJson, writeModelJson } from '../model-json-file.js';
import { atomCount } from './residual-atoms.js';
import { denseFeatureNames } from './transfer-features.js';
import type { TransferModel } from './transfer-predictor.js';

/** The `kind` field of a saved transfer predictor. */
export const transferKind = 'transfer';
export const transferVersion = 2;

export function serializeTransferModel(model: TransferModel): Record<string, unknown> {
  return {
    format: modelFormat,
    kind: transferKind,
    version: transferVersion,
    features: denseFeatureNames,
    usePrior: model.usePrior,
    intercept: model.ridge.intercept,
    weights: Array.from(model.ridge.weights),
    centers: Object.fromEntries(
      denseFeatureNames.flatMap((name, j) => {
        const c = model.centers[j] ?? Number.NaN;
        return Number.isNaN(c) ? [] : [[name, c]];
      }),
    ),
    clip: Number.isFinite(model.clip) ? model.clip : null,
    atoms: Array.from(model.coldAtoms),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteArray(value: unknown, length: number, field: string): number[] {
  if (!Array.isArray(value) || value.length !== length)
    throw new Error(`${field} must be an array of ${length} numbers`);
  if (!value.every((v) => typeof v === 'number' && Number.isFinite(v)))
    throw new Error(`${field} holds a value that is not a finite number`);
  return value as number[];
}

export function deserializeTransferModel(json: unknown, source: string): TransferModel {
  const invalid = (why: string): SchedulerError =>
    new SchedulerError('MODEL_INVALID', `${source}: not a valid transfer predictor model (${why})`);
  if (!isRecord(json) || json['format'] !== modelFormat)
    throw invalid(`format is not '${modelFormat}'`);
  if (json['kind'] !== transferKind)
    throw invalid(`kind '${String(json['kind'])}', expected '${transferKind}'`);
  if (json['version'] !== transferVersion)
    throw invalid(`version ${String(json['version'])}, this build reads ${transferVersion}`);
  const features = json['features'];
  if (!Array.isArray(features)) throw invalid('features missing');
  const missing = denseFeatureNames.filter((name) => !features.includes(name));
  const extra = features.filter((name) => !denseFeatureNames.includes(String(name)));
  if (missing.length > 0 || extra.length > 0 || features.length !== denseFeatureNames.length) {
    throw invalid(
      `its features differ from this build's (missing: ${missing.join(',') || 'none'}; unknown: ${extra.join(',') || 'none'}); retrain with llmsched predict train`,
    );
  }
  try {
    const order = features.map((name) => denseFeatureNames.indexOf(String(name)));
    const stored = finiteArray(json['weights'], denseFeatureNames.length, 'weights');
    const weights = new Float64Array(denseFeatureNames.length);
    order.forEach((column, i) => {
      weights[column] = stored[i] ?? 0;
    });
    const intercept = json['intercept'];
    if (typeof intercept !== 'number' || !Number.isFinite(intercept))
      throw new Error('intercept is not a finite number');
    const atoms = finiteArray(json['atoms'], atomCount, 'atoms');
    if (atoms.some((a, j) => j > 0 && a < (atoms[j - 1] ?? a))) throw new Error('atoms not sorted');
    if (typeof json['usePrior'] !== 'boolean') throw new Error('usePrior is not a boolean');
    const centersField = json['centers'];
    if (!isRecord(centersField)) throw new Error('centers is not an object');
    const centers = new Float64Array(denseFeatureNames.length).fill(Number.NaN);
    for (const [name, value] of Object.entries(centersField)) {
      const column = denseFeatureNames.indexOf(name);
      if (column < 0) throw new Error(`centers.${name} is not a feature`);
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new Error(`centers.${name} is not a finite number`);
      centers[column] = value;
    }
    const clip = json['clip'];
    if (clip !== null && !(typeof clip === 'number' && clip >= 0))
      throw new Error('clip is neither null nor a number >= 0');
    return {
      ridge: { intercept, weights },
      centers,
      clip: clip === null ? Number.POSITIVE_INFINITY : clip,
      coldAtoms: Float64Array.from(atoms),
      usePrior: json['usePrior'],
    };
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

export function saveTransferModel(model: TransferModel, file: string): void {
  writeModelJson(file, serializeTransferModel(model));
}

export function loadTransferModel(file: string): TransferModel {
  return deserializeTransferModel(readModelJson(file), file);
}
