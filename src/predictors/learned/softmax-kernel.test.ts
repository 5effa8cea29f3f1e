/** The WebAssembly kernel gives the JavaScript loops' bits: probabilities and updated weights. */
import { describe, expect, it } from 'vitest';
import type { SparseFeatures } from './feature-hasher.js';
import { createSoftmaxKernel } from './softmax-kernel.js';
import { createSoftmaxRegression, predictProbs, sgdStep } from './softmax-regression.js';

describe('softmax kernel', () => {
  it('declines an odd class count', () => {
    expect(createSoftmaxKernel(16, 3)).toBeUndefined();
  });

  it('predicts and learns the same bits as the JavaScript loops', () => {
    const dimension = 1 << 10;
    const classes = 30;
    const fast = createSoftmaxRegression(dimension, classes);
    expect(fast.kernel).toBeDefined();
    const plain = { ...createSoftmaxRegression(dimension, classes), kernel: undefined };
    expect(plain.weights.buffer).not.toBe(fast.weights.buffer);
    let seed = 3;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let i = 0; i < fast.weights.length; i++) {
      const w = Math.fround(rand() - 0.5);
      fast.weights[i] = w;
      plain.weights[i] = w;
    }
    const a = new Float64Array(classes);
    const b = new Float64Array(classes);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(rand() * (round % 5 === 0 ? 400 : 30));
      const indices: number[] = [];
      const values: number[] = [];
      for (let j = 0; j < n; j++) {
        // repeated rows now and then (updated twice, in feature order)
        indices.push(
          j > 0 && rand() < 0.1 ? (indices[j - 1] as number) : Math.floor(rand() * dimension),
        );
        values.push(Math.fround(rand() * 2 - 0.5));
      }
      const features: SparseFeatures = {
        indices,
        values,
        textIndices: [],
        tokenizerFallback: false,
      };
      const temperature = round % 3 === 0 ? 1.7 : 1;
      predictProbs(fast, features, a, temperature);
      predictProbs(plain, features, b, temperature);
      expect(Array.from(a)).toEqual(Array.from(b));
      const target = new Float64Array(classes);
      target[round % classes] = 1;
      sgdStep(fast, features, target, 0.1);
      sgdStep(plain, features, target, 0.1);
    }
    expect(Buffer.from(fast.weights.buffer, 0, fast.weights.byteLength)).toEqual(
      Buffer.from(plain.weights.buffer, 0, plain.weights.byteLength),
    );
    expect(Array.from(fast.accumulators)).toEqual(Array.from(plain.accumulators));
  });
});
