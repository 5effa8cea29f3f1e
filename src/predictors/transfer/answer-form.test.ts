/**
 * `readAnswerForm`: the answer form read from a prompt scales the prior (length words, stated
 * lengths, translations), robust to huge or odd text.
 */
import { describe, expect, it } from 'vitest';
import { formPriorTokens, readAnswerForm } from './answer-form.js';

describe('readAnswerForm', () => {
  const cases: [string, string][] = [
    ['Write a Python function that reverses a linked list.', 'code'],
    ['def add(a, b):\n    """Return the sum."""\n', 'code'],
    ['Find all *.log files under /var and delete them', 'command'],
    ['Which bash command prints the current date?', 'command'],
    [
      `Table:\n| a | b |\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |\nQuestion: What is b in row 2?`,
      'extract',
    ],
    [
      'Tom has 3 apples and buys 5 more bags with 4 apples each. He gives 2 to Ann. How many apples does Tom have now in total after all of that?',
      'math',
    ],
    ['Translate "good morning" into French', 'translation'],
    ['Summarize the following paragraph: the cat sat on the mat.', 'summary'],
    ['Write a short story about a dragon who learns to fly', 'essay'],
    ['Give me some ideas for a birthday party', 'list'],
    ['Why is the sky blue?', 'explain'],
    ['Is Paris the capital of France?', 'yesno'],
    ['Hello there, nice weather today', 'chat'],
  ];
  for (const [prompt, form] of cases) {
    it(`reads '${prompt.slice(0, 40).replace(/\n/g, ' ')}' as ${form}`, () => {
      expect(readAnswerForm(prompt, Math.ceil(prompt.length / 4)).form).toBe(form);
    });
  }

  it('scales the prior with length words and stated lengths', () => {
    const plain = readAnswerForm('Explain how vaccines work', 6);
    const brief = readAnswerForm('Briefly explain how vaccines work', 7);
    const detail = readAnswerForm('Explain in detail how vaccines work', 8);
    expect(brief.lengthWord).toBe('brief');
    expect(detail.lengthWord).toBe('detail');
    expect(brief.priorLogTokens).toBeLessThan(plain.priorLogTokens);
    expect(detail.priorLogTokens).toBeGreaterThan(plain.priorLogTokens);
    expect(plain.priorLogTokens).toBeCloseTo(Math.log(formPriorTokens.explain), 9);
    const stated = readAnswerForm('Write an essay of 300 words about rivers', 10);
    expect(stated.explicitTokens).toBeCloseTo(405, 6);
    expect(stated.priorLogTokens).toBeCloseTo(Math.log(405), 9);
  });

  it('scales a translation with the prompt length', () => {
    const short = readAnswerForm('Translate: hello', 4);
    const long = readAnswerForm(`Translate into German: ${'word '.repeat(200)}`, 210);
    expect(long.priorLogTokens - short.priorLogTokens).toBeGreaterThan(2);
  });

  it('reads only the two ends of a huge prompt, and never throws on odd text', () => {
    const huge = `${'x'.repeat(200_000)} Why is that?`;
    expect(readAnswerForm(huge, 50_000).form).toBe('explain');
    expect(() => readAnswerForm('\uD800 \u0000 ??? |||', 3)).not.toThrow();
    expect(readAnswerForm('', 0).form).toBe('chat');
  });
});
