/**
 * Bit-identity of the learned predictor: SHA-256 fingerprints of every number it produces
 * (features, predictions, remaining lengths) and of the model (weights, accumulators, counters)
 * after offline training and online observations, pinned to the values of the code before the
 * tenth session's speed work (a speed change must leave every bit as it was).
 */
import { createHash, type Hash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextDatasets, sharedTextDatasets } from '../eval/text-dataset.js';
import type { PredictorInput } from '../predictor.js';
import { defaultFeatureOptions, hashFeatures } from './feature-hasher.js';
import { fitLearnedPredictor } from './fit-learned.js';
import { createLearnedPredictor, type LearnedPredictor } from './learned-predictor.js';
import { syntheticExamples } from './synthetic-examples.test-helper.js';

const dataDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'text');

function numbers(hash: Hash, values: ArrayLike<number>): void {
  hash.update(new Uint8Array(Float64Array.from(values).buffer));
}

function predictions(hash: Hash, predictor: LearnedPredictor, input: PredictorInput): void {
  const prediction = predictor.predict(input);
  numbers(hash, [prediction.mean, ...prediction.quantiles]);
  numbers(hash, prediction.buckets?.probs ?? []);
  numbers(hash, [predictor.remaining(input, 5), predictor.remaining(input, 100)]);
}

function model(hash: Hash, predictor: LearnedPredictor): string {
  const { weights, accumulators, temperature } = predictor.state.model;
  // the array's own bytes (its buffer is the kernel's whole memory when it has one)
  hash.update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  hash.update(new Uint8Array(accumulators.buffer));
  numbers(hash, [temperature]);
  hash.update(JSON.stringify(predictor.stats()));
  return hash.digest('hex');
}

/**
 * Requests arrive one at a time and complete `inFlight` arrivals later (the gateway's shape): a
 * point prediction on arrival (`predictMean`, or the full `predict` every `fullEvery`), an
 * observation on completion (every `idOnlyEvery`-th carrying only the id).
 */
function online(
  hash: Hash,
  predictor: LearnedPredictor,
  inputs: readonly PredictorInput[],
  actual: (i: number) => number,
  shape: { readonly inFlight: number; readonly fullEvery: number; readonly idOnlyEvery: number },
): void {
  for (let i = 0; i < inputs.length + shape.inFlight; i++) {
    const input = inputs[i];
    if (input !== undefined) {
      if (i % shape.fullEvery === 0) predictions(hash, predictor, input);
      else numbers(hash, [predictor.predictMean?.(input) ?? Number.NaN]);
    }
    const done = inputs[i - shape.inFlight];
    if (done === undefined) continue;
    const j = i - shape.inFlight;
    predictor.observe(
      j % shape.idOnlyEvery === 0 ? { id: done.id, promptTokens: done.promptTokens } : done,
      actual(j),
    );
  }
}

describe('learned predictor bit-identity', () => {
  it('offline fit, then online on varied synthetic requests', () => {
    const hash = createHash('sha256');
    const predictor = createLearnedPredictor();
    fitLearnedPredictor(predictor, syntheticExamples(800, 1), { seed: 1 });
    const examples = syntheticExamples(600, 2);
    const models = ['m1', 'm2', undefined];
    const inputs = examples.map((e, i): PredictorInput => {
      const input: { -readonly [K in keyof PredictorInput]: PredictorInput[K] } = {
        ...e.input,
        messageCount: 1 + (i % 4),
      };
      const model = models[i % 3];
      if (model !== undefined) input.model = model;
      if (i % 2 === 0) input.tenant = `t${i % 5}`;
      if (i % 3 === 0) input.group = `system ${i % 7}`;
      if (i % 4 !== 0) input.maxTokens = 16 << (i % 6);
      return input;
    });
    online(hash, predictor, inputs, (j) => examples[j]?.outputTokens ?? 1, {
      inFlight: 8,
      fullEvery: 3,
      idOnlyEvery: 5,
    });
    for (const e of syntheticExamples(50, 3)) predictions(hash, predictor, e.input);
    expect(model(hash, predictor)).toBe(
      'd76ec2e1d221158f053489f6bc5e2c3d57649821efc429fb541ee206a40afef1',
    );
  });

  it('the gateway bench shape: one short chat prompt, 64 in flight, untrained', () => {
    const hash = createHash('sha256');
    const predictor = createLearnedPredictor();
    const inputs = Array.from(
      { length: 3000 },
      (_, i): PredictorInput => ({
        id: `1a2b3c4d-${i}`,
        promptTokens: 3,
        prompt: 'hello there',
        messageCount: 1,
        maxTokens: 8,
        model: 'm',
        tenant: 'default',
      }),
    );
    online(hash, predictor, inputs, () => 8, { inFlight: 64, fullEvery: 97, idOnlyEvery: 1e9 });
    expect(model(hash, predictor)).toBe(
      'd2715f676a4b217ce71d01a28e82d228c41db0fcecb794e774540b55d3b280c0',
    );
  });

  it.skipIf(!existsSync(dataDir))(
    'features and online learning on the shared text data (skipped when ../shared/data/text is absent)',
    () => {
      const files = sharedTextDatasets.map((name) => join(dataDir, `${name}.jsonl`));
      const all = readTextDatasets(files);
      // every 40th example: all six datasets, long and short prompts
      const examples = all.filter((_, i) => i % 40 === 0);
      const features = createHash('sha256');
      const withTokens = { ...defaultFeatureOptions, headChars: 128, tailChars: 64 };
      for (const [i, e] of examples.entries()) {
        const f = hashFeatures(e.input, i % 8 === 0 ? withTokens : defaultFeatureOptions);
        // the bytes of the int32 and float32 arrays the features were held in before
        features.update(new Uint8Array(Int32Array.from(f.indices).buffer));
        features.update(new Uint8Array(Float32Array.from(f.values).buffer));
        features.update(new Uint8Array(Int32Array.from(f.textIndices).buffer));
        expect(f.values.every((v) => Math.fround(v) === v)).toBe(true);
      }
      expect(features.digest('hex')).toBe(
        '8c5b6c21350a34c9c6a087137a45adc1da0fb4f2b52d21e76472fd1a52c79ddc',
      );
      const hash = createHash('sha256');
      const predictor = createLearnedPredictor();
      const inputs = examples.map((e, i) => ({ ...e.input, id: `x-${i}`, tenant: 'default' }));
      online(hash, predictor, inputs, (j) => examples[j]?.outputTokens ?? 1, {
        inFlight: 64,
        fullEvery: 7,
        idOnlyEvery: 11,
      });
      expect(model(hash, predictor)).toBe(
        '5f4d181a6b179779b6bfc07d16d0d86a2e7b27c688b6193403cee6912cc990a0',
      );
    },
  );
});
