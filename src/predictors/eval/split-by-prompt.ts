/**
 * Train/test split BY PROMPT: a seeded 32-bit FNV-1a hash of the prompt text decides the side, so
 * every sample of a repeated prompt (several models, several samples) lands on the same side and
 * nothing leaks from train to test.
 *
 * @example
 * const { train, test } = splitByPrompt(examples, 0.8, 1);
 */
export function promptHashUnit(prompt: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed >>> 0, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < prompt.length; i++) {
    h ^= prompt.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // final avalanche (murmur3 fmix32) so nearby prompts spread over [0, 1)
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

export function splitByPrompt<T extends { readonly input: { readonly prompt?: string } }>(
  examples: readonly T[],
  trainFraction: number,
  seed: number,
): { readonly train: T[]; readonly test: T[] } {
  const train: T[] = [];
  const test: T[] = [];
  for (const example of examples) {
    if (promptHashUnit(example.input.prompt ?? '', seed) < trainFraction) train.push(example);
    else test.push(example);
  }
  return { train, test };
}
