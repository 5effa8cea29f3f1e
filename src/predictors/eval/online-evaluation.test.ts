/**
 * `evaluateOnline`: predict before observing, score every window, learn from the stream, short
 * streams handled.
 */
import { describe, expect, it } from 'vitest';
import { createTransferPredictor } from '../transfer/transfer-predictor.js';
import { evaluateOnline } from './online-evaluation.js';

/** Two applications with unrelated text whose lengths differ by 30x; the prior cannot tell. */
function stream(n: number) {
  return Array.from({ length: n }, (_, i) => {
    const long = i % 2 === 0;
    return {
      input: {
        id: `s${i}`,
        prompt: long ? `Hello friend, item ${i} please` : `Hello friend, entry ${i} thanks`,
        promptTokens: 6,
      },
      outputTokens: long ? 600 : 20,
    };
  });
}

describe('evaluateOnline', () => {
  it('predicts before observing, scores every window, and learns from the stream', () => {
    const result = evaluateOnline(createTransferPredictor(), stream(1000), {
      window: 250,
      warmup: 200,
    });
    expect(result.windows.map((w) => w.n)).toEqual([250, 250, 250, 250]);
    expect(result.afterWarmup.n).toBe(800);
    expect(result.coldStart.n).toBe(200);
    // the words that tell the two apart are learned online only (tau-b tops out at 0.707 here:
    // half the pairs are tied in the truth)
    expect(result.afterWarmup.kendallTau).toBeGreaterThan(0.6);
    const bare = createTransferPredictor();
    const frozen = evaluateOnline({ ...bare, observe: () => {} }, stream(1000), {
      window: 250,
      warmup: 200,
    });
    expect(Math.abs(frozen.afterWarmup.kendallTau)).toBeLessThan(0.1);
    expect(result.stats['observations']).toBe(1000);
  });

  it('handles a stream shorter than the warm-up', () => {
    const result = evaluateOnline(createTransferPredictor(), stream(10), {
      window: 4,
      warmup: 200,
    });
    expect(result.warmup).toBe(10);
    expect(result.afterWarmup.n).toBe(0);
    expect(result.windows).toHaveLength(3);
  });
});
