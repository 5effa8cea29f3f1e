/**
 * The length stack: recovers the log-log line from prompt to output length and gets weight when
 * only the prompt length carries signal.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { kendallTauB } from '../eval/rank-correlation.js';
import { defaultBucketEdges, distributionQuantile } from '../length-buckets.js';
import { fitLearnedPredictor, type TrainingExample } from './fit-learned.js';
import { createLearnedPredictor } from './learned-predictor.js';
import { fitLengthStack, stackBuckets } from './length-stack.js';

/** Output = 2 x prompt length x lognormal noise; the text is random words (no signal). */
function lengthDriven(count: number, seed: number): TrainingExample[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const promptTokens = Math.round(10 * 2 ** (rng.next() * 6));
    const noise = Math.exp(0.3 * (rng.next() + rng.next() - 1));
    const words = Array.from({ length: 8 }, () => `w${Math.floor(rng.next() * 50)}`).join(' ');
    return {
      input: { id: `l${seed}-${i}`, prompt: `${words} ${i}`, promptTokens },
      outputTokens: Math.max(1, Math.round(2 * promptTokens * noise)),
    };
  });
}

describe('length stack', () => {
  it('recovers the log-log line and centres its buckets on it', () => {
    const examples = lengthDriven(400, 1).map((e) => ({
      promptTokens: e.input.promptTokens,
      outputTokens: e.outputTokens,
    }));
    const stack = fitLengthStack(examples);
    expect(stack.slope).toBeGreaterThan(0.9);
    expect(stack.slope).toBeLessThan(1.1);
    expect(stack.weight).toBe(0);
    const median = distributionQuantile(
      defaultBucketEdges,
      stackBuckets(stack, defaultBucketEdges, 100),
      0.5,
    );
    expect(median).toBeGreaterThan(150);
    expect(median).toBeLessThan(260);
  });

  it('gets a positive weight when only the prompt length carries signal (small data)', () => {
    const predictor = createLearnedPredictor();
    const report = fitLearnedPredictor(predictor, lengthDriven(150, 2), { seed: 1 });
    expect(report.heldOut).toBeGreaterThanOrEqual(20);
    expect(report.stackWeight).toBeGreaterThan(0);
    const test = lengthDriven(200, 3);
    const tau = kendallTauB(
      test.map((e) => predictor.predict(e.input).mean),
      test.map((e) => e.outputTokens),
    );
    expect(tau).toBeGreaterThan(0.5);
  });
});
