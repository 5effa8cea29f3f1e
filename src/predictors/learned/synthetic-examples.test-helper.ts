/**
 * Generated prompts whose output length is driven by one keyword (short/medium/long/essay) times
 * log-normal noise, with filler words that carry no signal. For tests only.
 */
import { createRng } from '../../core/rng.js';
import type { TrainingExample } from './fit-learned.js';

const keywords = [
  ['briefly', 8],
  ['summarize', 40],
  ['explain', 150],
  ['essay', 600],
] as const;
const filler = [
  'the',
  'river',
  'market',
  'history',
  'of',
  'cats',
  'science',
  'ocean',
  'city',
  'music',
];

export function syntheticExamples(count: number, seed: number): TrainingExample[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const [keyword, length] = keywords[Math.floor(rng.next() * keywords.length)] ?? keywords[0];
    const words = Array.from(
      { length: 3 + Math.floor(rng.next() * 6) },
      () => filler[Math.floor(rng.next() * filler.length)],
    );
    const prompt = `${keyword} ${words.join(' ')} number ${i}`;
    const noise = Math.exp(0.3 * (rng.next() + rng.next() + rng.next() - 1.5));
    const outputTokens = Math.max(1, Math.round(length * noise));
    return { input: { id: `s${seed}-${i}`, prompt, promptTokens: words.length + 3 }, outputTokens };
  });
}
