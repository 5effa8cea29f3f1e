/**
 * The learned model file: round-trips exactly and rejects inconsistent payloads and missing files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { fitLearnedPredictor } from './fit-learned.js';
import { loadLearnedModel, saveLearnedModel } from './learned-model-file.js';
import {
  createLearnedPredictor,
  createLearnedState,
  defaultLearnedConfig,
} from './learned-predictor.js';
import { syntheticExamples } from './synthetic-examples.test-helper.js';

const config = {
  ...defaultLearnedConfig,
  features: { ...defaultLearnedConfig.features, bits: 12 },
};

describe('learned model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-model-'));
  const file = join(dir, 'model.json');
  const predictor = createLearnedPredictor(createLearnedState(config));
  fitLearnedPredictor(predictor, syntheticExamples(400, 1), { seed: 1 });
  // a stacked regression, so the round trip covers it
  Object.assign(predictor.state.stack, { intercept: 3, slope: 0.5, sigma: 0.8, weight: 0.3 });
  predictor.clearCache();
  saveLearnedModel(predictor.state, file);

  it('round-trips: the loaded model predicts exactly the same', () => {
    const loaded = createLearnedPredictor(loadLearnedModel(file));
    for (const example of syntheticExamples(30, 5)) {
      expect(loaded.predict(example.input)).toEqual(predictor.predict(example.input));
    }
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json['format']).toBe('llmsched-predictor');
    expect(json['version']).toBe(1);
  });

  it.each([
    ['not JSON', '{ nope'],
    ['another format', JSON.stringify({ format: 'other', version: 1 })],
    [
      'a future version',
      JSON.stringify({ format: 'llmsched-predictor', version: 2, kind: 'learned' }),
    ],
  ])('rejects %s with a MODEL_INVALID error naming the file', (_label, text) => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, text);
    expect(() => loadLearnedModel(bad)).toThrowError(SchedulerError);
    expect(() => loadLearnedModel(bad)).toThrowError(bad);
  });

  it('rejects inconsistent payloads and missing files', () => {
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const bad = join(dir, 'truncated.json');
    writeFileSync(bad, JSON.stringify({ ...json, weights: 'AAAAAA==' }));
    expect(() => loadLearnedModel(bad)).toThrowError(/truncated\.json.*sizes disagree/);
    expect(() => loadLearnedModel(join(dir, 'missing.json'))).toThrowError(/missing\.json/);
  });
});
