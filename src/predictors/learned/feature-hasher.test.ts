import { describe, expect, it } from 'vitest';
import { defaultFeatureOptions, hashFeatures } from './feature-hasher.js';

const options = { ...defaultFeatureOptions, bits: 16 };

describe('hashFeatures', () => {
  it('is deterministic and sensitive to the text, model and max_tokens', () => {
    const request = {
      id: 'a',
      promptTokens: 7,
      prompt: 'Write a haiku about the sea',
      model: 'm1',
    };
    const first = hashFeatures(request, options);
    const again = hashFeatures({ ...request, id: 'other-id' }, options);
    expect(Array.from(again.indices)).toEqual(Array.from(first.indices));
    expect(Array.from(again.values)).toEqual(Array.from(first.values));
    expect(
      Array.from(
        hashFeatures({ ...request, prompt: 'Write an essay about the sea' }, options).indices,
      ),
    ).not.toEqual(Array.from(first.indices));
    expect(hashFeatures({ ...request, model: 'm2' }, options).indices).not.toEqual(first.indices);
    expect(hashFeatures({ ...request, maxTokens: 64 }, options).indices.length).toBe(
      first.indices.length + 1,
    );
    for (const index of first.indices) expect(index).toBeLessThan(1 << 16);
  });
  it('handles empty, huge and malformed (lone surrogate) prompts without throwing', () => {
    const empty = hashFeatures({ id: 'e', promptTokens: 0, prompt: '' }, options);
    expect(empty.textIndices.length).toBe(0);
    expect(empty.indices.length).toBeGreaterThan(0);
    const huge = hashFeatures(
      { id: 'h', promptTokens: 300_000, prompt: 'lorem ipsum '.repeat(100_000) },
      options,
    );
    // only the head and tail windows are tokenized: the feature count is bounded
    expect(huge.indices.length).toBeLessThan(2000);
    const broken = hashFeatures(
      { id: 'b', promptTokens: 3, prompt: 'bad \uD800 text \uDC00 end' },
      options,
    );
    expect(broken.textIndices.length).toBeGreaterThan(0);
    expect(broken.tokenizerFallback).toBe(false);
  });
});
