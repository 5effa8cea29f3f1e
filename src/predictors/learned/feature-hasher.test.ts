/**
 * Feature hashing: deterministic and sensitive to text, model and max_tokens, robust to odd
 * prompts, o200k token features only when enabled.
 */
import { describe, expect, it } from 'vitest';
import { defaultFeatureOptions, hashFeatures } from './feature-hasher.js';
import { hashWords } from './prompt-tokens.js';

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
  it('adds o200k token features only when the tokenizer window is set', () => {
    const request = { id: 't', promptTokens: 9, prompt: 'Translate to French: good morning' };
    const words = hashFeatures(request, options);
    const both = hashFeatures(request, { ...options, headChars: 64, tailChars: 0 });
    // 6 words + 1 ':' by hashWords, plus the o200k tokens
    expect(words.textIndices.length).toBe(6);
    expect(both.textIndices.length).toBeGreaterThan(words.textIndices.length + 3);
  });
});

describe('hashWords', () => {
  it('splits words and punctuation, case-sensitively, within the window', () => {
    expect(hashWords('Hello, world!', 0, 13)).toHaveLength(4);
    expect(hashWords('  ', 0, 2)).toEqual([]);
    const [hello] = hashWords('hello', 0, 5);
    expect(hashWords('say hello', 4, 9)).toEqual([hello]);
    expect(hashWords('Hello', 0, 5)).not.toEqual([hello]);
    // non-ASCII letters belong to words: one word, not three
    expect(hashWords('naïve', 0, 5)).toHaveLength(1);
  });
});
