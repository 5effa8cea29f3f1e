/** `parseLengthAnswer`: the §13 postfix and the number read from the model's answer. */
import { describe, expect, it } from 'vitest';
import { parseLengthAnswer, selfPredictionPostfix } from './parse-length-answer.js';

describe('parseLengthAnswer', () => {
  it.each([
    ['150', 150],
    ['About 150 tokens.', 150],
    ['~80', 80],
    ['150-200', 150],
    ['Approximately 1,000 tokens', 1000],
    ['9999', 1024],
    ['  42\n', 42],
  ])('parses %j as %d', (text, expected) => {
    expect(parseLengthAnswer(text, 1024)).toBe(expected);
  });
  it.each(['', 'I cannot say', '0'])('gives undefined for %j', (text) => {
    expect(parseLengthAnswer(text, 1024)).toBeUndefined();
  });
  it('uses the exact postfix of §13', () => {
    expect(selfPredictionPostfix(512)).toBe(
      '\n\nDo not answer the above question. Instead, just predict: how many tokens would your response be if you were to answer? (Note: maximum response length is 512 tokens) Respond with only a number. Be precise',
    );
  });
});
