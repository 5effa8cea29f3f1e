/**
 * Versioned JSON for the learned predictor:
 * `{ format: 'llmsched-predictor', version: 1, kind: 'learned', config, temperature, updates,
 *    stack (optional: { intercept, slope, sigma, weight }),
 *    rows: base64 Int32 feature indices, weights: base64 Float32 rows, accumulators: base64
 *    Float32, histograms: { key: counts[] } }`.
 * Only the hashed features ever updated are stored (sparse rows), so a model is a few MB.
 * Anything malformed (not JSON, other format or version, inconsistent sizes) is rejected with a
 * SchedulerError('MODEL_INVALID') naming the file.
 *
 * @example
 * saveLearnedModel(predictor.state, 'model.json');
 * const state = loadLearnedModel('model.json');
 */

import { SchedulerError } from '../../core/errors.js';
import { createGroupHistograms } from '../group-histograms.js';
import { readModelJson, writeModelJson } from '../model-json-file.js';
import type { FeatureOptions } from './feature-hasher.js';
import { createLearnedState, type LearnedConfig, type LearnedState } from './learned-predictor.js';

/** The `format` field of a saved predictor file. */
export const modelFormat = 'llmsched-predictor';
export const modelVersion = 1;

function toBase64(array: Int32Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function fromBase64(text: string, kind: 'int32' | 'float32'): Int32Array | Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('base64 payload is not a multiple of 4 bytes');
  const copy = new Uint8Array(bytes);
  return kind === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
}

export function serializeLearnedModel(state: LearnedState): Record<string, unknown> {
  const { model, histograms, config } = state;
  const rows: number[] = [];
  for (let f = 0; f < model.dimension; f++) if ((model.accumulators[f] ?? 0) > 0) rows.push(f);
  const weights = new Float32Array(rows.length * model.classes);
  const accumulators = new Float32Array(rows.length);
  rows.forEach((f, i) => {
    weights.set(
      model.weights.subarray(f * model.classes, (f + 1) * model.classes),
      i * model.classes,
    );
    accumulators[i] = model.accumulators[f] ?? 0;
  });
  return {
    format: modelFormat,
    version: modelVersion,
    kind: 'learned',
    config,
    temperature: model.temperature,
    updates: model.updates,
    stack: state.stack,
    rows: toBase64(Int32Array.from(rows)),
    weights: toBase64(weights),
    accumulators: toBase64(accumulators),
    histograms: Object.fromEntries(
      [...histograms.counts].map(([key, counts]) => [key, Array.from(counts)]),
    ),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readConfig(value: unknown): LearnedConfig {
  if (!isRecord(value)) throw new Error('missing config');
  const features = value['features'];
  const edges = value['edges'];
  if (!isRecord(features) || !Array.isArray(edges) || edges.length < 2)
    throw new Error('bad config');
  if (
    !edges.every(
      (edge, i) => typeof edge === 'number' && (i === 0 || edge > (edges[i - 1] as number)),
    )
  ) {
    throw new Error('edges must be increasing numbers');
  }
  const number = (record: Record<string, unknown>, name: string): number => {
    const v = record[name];
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new Error(`config field ${name} is not a number`);
    return v;
  };
  const bits = number(features, 'bits');
  if (!Number.isInteger(bits) || bits < 4 || bits > 24)
    throw new Error('features.bits out of range');
  // files written before charHead/charTail/bigrams existed: their character-gram windows
  const legacyGrams = features['charGrams'] === true;
  const optional = (name: string, fallback: number): number =>
    features[name] === undefined ? fallback : number(features, name);
  const featureOptions: FeatureOptions = {
    bits,
    headChars: number(features, 'headChars'),
    tailChars: number(features, 'tailChars'),
    charHead: optional('charHead', legacyGrams ? 64 : 0),
    charTail: optional('charTail', legacyGrams ? 160 : 0),
    wordHead: optional('wordHead', 0),
    wordTail: optional('wordTail', 0),
    bigrams: features['bigrams'] !== false,
    modelCrosses: features['modelCrosses'] === true,
  };
  return {
    edges: edges as number[],
    features: featureOptions,
    learningRate: number(value, 'learningRate'),
    targetSigma: number(value, 'targetSigma'),
    warmup: number(value, 'warmup'),
    minSeen: number(value, 'minSeen'),
    floorMix: number(value, 'floorMix'),
  };
}

/** Rebuilds a state from parsed JSON; `source` names the file in errors. */
export function deserializeLearnedModel(json: unknown, source: string): LearnedState {
  const invalid = (why: string): SchedulerError =>
    new SchedulerError('MODEL_INVALID', `${source}: not a valid llmsched predictor model (${why})`);
  if (!isRecord(json) || json['format'] !== modelFormat)
    throw invalid(`format is not '${modelFormat}'`);
  if (json['version'] !== modelVersion)
    throw invalid(`version ${String(json['version'])}, expected ${modelVersion}`);
  if (json['kind'] !== 'learned') throw invalid(`kind ${String(json['kind'])}, expected 'learned'`);
  try {
    const config = readConfig(json['config']);
    const state = createLearnedState(config);
    const { model } = state;
    const rows = fromBase64(String(json['rows']), 'int32');
    const weights = fromBase64(String(json['weights']), 'float32');
    const accumulators = fromBase64(String(json['accumulators']), 'float32');
    if (weights.length !== rows.length * model.classes || accumulators.length !== rows.length) {
      throw new Error('weights/rows sizes disagree');
    }
    rows.forEach((f, i) => {
      if (!(f >= 0 && f < model.dimension)) throw new Error(`row ${f} out of range`);
      model.weights.set(
        weights.subarray(i * model.classes, (i + 1) * model.classes),
        f * model.classes,
      );
      model.accumulators[f] = accumulators[i] ?? 0;
    });
    const temperature = json['temperature'];
    const updates = json['updates'];
    if (typeof temperature !== 'number' || !(temperature > 0)) throw new Error('bad temperature');
    model.temperature = temperature;
    model.updates = typeof updates === 'number' ? updates : 0;
    const histograms = json['histograms'];
    if (!isRecord(histograms)) throw new Error('missing histograms');
    const fresh = createGroupHistograms(config.edges);
    for (const [key, counts] of Object.entries(histograms)) {
      if (
        !Array.isArray(counts) ||
        counts.length !== model.classes ||
        !counts.every((c) => typeof c === 'number')
      ) {
        throw new Error(`histogram ${key} malformed`);
      }
      state.histograms.counts.set(key, Float64Array.from(counts as number[]));
    }
    state.histograms.minCount = fresh.minCount;
    // optional (files written before stacking existed have none: weight 0)
    const stack = json['stack'];
    if (stack !== undefined) {
      if (!isRecord(stack)) throw new Error('stack malformed');
      for (const key of ['intercept', 'slope', 'sigma', 'weight'] as const) {
        const value = stack[key];
        if (typeof value !== 'number' || !Number.isFinite(value))
          throw new Error(`stack.${key} is not a number`);
        state.stack[key] = value;
      }
      if (!(state.stack.sigma > 0) || state.stack.weight < 0 || state.stack.weight > 1)
        throw new Error('stack sigma/weight out of range');
    }
    return state;
  } catch (error) {
    throw invalid(error instanceof Error ? error.message : String(error));
  }
}

export function saveLearnedModel(state: LearnedState, file: string): void {
  writeModelJson(file, serializeLearnedModel(state));
}

export function loadLearnedModel(file: string): LearnedState {
  return deserializeLearnedModel(readModelJson(file), file);
}
