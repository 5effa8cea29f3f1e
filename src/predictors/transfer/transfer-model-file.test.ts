/**
 * The transfer model file: round-trips exactly and refuses bad versions, kinds, feature sets and
 * files with the reason.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPredictorModel } from '../load-predictor-model.js';
import { fitTransferModel } from './fit-transfer.js';
import {
  deserializeTransferModel,
  loadTransferModel,
  saveTransferModel,
  serializeTransferModel,
} from './transfer-model-file.js';
import { createTransferPredictor } from './transfer-predictor.js';

const examples = Array.from({ length: 120 }, (_, i) => ({
  input: {
    id: `e${i}`,
    prompt: i % 2 ? `Explain topic ${i}` : `List files in dir ${i}`,
    promptTokens: 5,
  },
  outputTokens: i % 2 ? 300 : 12,
  source: i % 3 === 0 ? 'x' : 'y',
}));

describe('transfer model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-transfer-'));
  const { model } = fitTransferModel(examples, {});

  it('round-trips: the loaded model predicts exactly as the saved one', () => {
    const file = join(dir, 'model.json');
    saveTransferModel(model, file);
    const loaded = loadTransferModel(file);
    const request = { id: 'q', prompt: 'Explain gravity', promptTokens: 3 };
    expect(createTransferPredictor(loaded).predict(request)).toEqual(
      createTransferPredictor(model).predict(request),
    );
    expect(loadPredictorModel(file).name).toBe('transfer');
  });

  const refuse = (mutate: (json: Record<string, unknown>) => void, message: RegExp): void => {
    const json = structuredClone(serializeTransferModel(model));
    mutate(json);
    expect(() => deserializeTransferModel(json, 'm.json')).toThrow(message);
  };

  it('refuses other versions, kinds, feature sets and malformed fields, naming the reason', () => {
    refuse((json) => {
      json['version'] = 99;
    }, /m\.json: .*version 99, this build reads 2/);
    refuse((json) => {
      json['kind'] = 'learned';
    }, /kind 'learned', expected 'transfer'/);
    refuse((json) => {
      json['features'] = ['form:code', 'prompt:brand-new'];
    }, /features differ .*unknown: prompt:brand-new.*retrain/);
    refuse((json) => {
      json['version'] = 1;
    }, /version 1, this build reads 2/);
    refuse((json) => {
      json['centers'] = { 'prompt:nope': 1 };
    }, /centers\.prompt:nope is not a feature/);
    refuse((json) => {
      json['atoms'] = [1, 2];
    }, /atoms must be an array of 40 numbers/);
    refuse((json) => {
      (json['weights'] as unknown[])[0] = 'x';
    }, /weights holds a value that is not a finite number/);
  });

  it('reports unreadable, non-JSON and unknown-kind files with the file name', () => {
    expect(() => loadTransferModel(join(dir, 'missing.json'))).toThrow(
      /cannot read model file .*missing\.json/,
    );
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, 'not json');
    expect(() => loadPredictorModel(garbage)).toThrow(
      /garbage\.json: not a predictor model \(not JSON\)/,
    );
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ format: 'llmsched-predictor', kind: 'magic' }));
    expect(() => loadPredictorModel(other)).toThrow(/kind 'magic', known: learned, transfer/);
  });
});
