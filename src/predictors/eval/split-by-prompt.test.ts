/**
 * `splitByPrompt`: repeated prompts stay on one side; the split is close to the requested fraction
 * and deterministic per seed.
 */
import { describe, expect, it } from 'vitest';
import { splitByPrompt } from './split-by-prompt.js';

describe('splitByPrompt', () => {
  const examples = Array.from({ length: 2000 }, (_, i) => ({
    input: { id: `r${i}`, promptTokens: 5, prompt: `prompt number ${i % 400}` },
  }));
  it('never puts one prompt on both sides (repeated prompts stay together)', () => {
    const { train, test } = splitByPrompt(examples, 0.8, 7);
    const trainPrompts = new Set(train.map((e) => e.input.prompt));
    expect(test.some((e) => trainPrompts.has(e.input.prompt))).toBe(false);
    expect(train.length + test.length).toBe(examples.length);
  });
  it('splits close to the requested fraction, deterministically per seed', () => {
    const { train } = splitByPrompt(examples, 0.8, 7);
    expect(train.length / examples.length).toBeGreaterThan(0.7);
    expect(train.length / examples.length).toBeLessThan(0.9);
    expect(splitByPrompt(examples, 0.8, 7).train).toEqual(train);
    expect(splitByPrompt(examples, 0.8, 8).train).not.toEqual(train);
  });
});
