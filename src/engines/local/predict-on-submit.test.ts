/**
 * `predictOnSubmit`: the predictor gets the prompt text when the caller has it, and the same input
 * goes to observe.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import type { LengthPredictor, PredictorInput } from '../../predictors/predictor.js';
import { predictOnSubmit } from './predict-on-submit.js';

function recordingPredictor(seen: PredictorInput[]): LengthPredictor {
  return {
    name: 'recording',
    predict(input) {
      seen.push(input);
      return { mean: 42, quantiles: [10, 20, 30, 40, 42, 50, 60, 70, 80], costSeconds: 0 };
    },
    observe() {},
    remaining: (_input, generated) => Math.max(0, 42 - generated),
    stats: () => ({ predictions: seen.length }),
  };
}

describe('predictOnSubmit', () => {
  const policy = resolveBatchPolicy('predicted-cost');

  it('gives the predictor the prompt text when the caller has it, and returns the same input for observe', () => {
    const seen: PredictorInput[] = [];
    const out = predictOnSubmit(
      { id: requestId('r1'), prompt: [5, 6, 7], promptText: 'list files by size', maxTokens: 64 },
      { predictor: recordingPredictor(seen), policy },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.prompt).toBe('list files by size');
    expect(seen[0]?.promptTokens).toBe(3);
    expect(out.predictorInput).toBe(seen[0]);
    expect(out.predictedSize).toBe(42);
  });

  it('leaves prompt out when only token ids are known', () => {
    const seen: PredictorInput[] = [];
    predictOnSubmit(
      { id: requestId('r2'), prompt: [5, 6], maxTokens: 8 },
      { predictor: recordingPredictor(seen), policy },
    );
    expect(seen[0] !== undefined && 'prompt' in seen[0]).toBe(false);
  });
});
