/**
 * Hashed sparse features of a request (the "hashing trick": no vocabulary to store, and a word
 * never seen in training simply lands on a weight that is zero or shared).
 *
 * Features (each namespace hashed separately; text values are 1/sqrt(count) so long prompts do not
 * dominate):
 * - bias;
 * - o200k token unigrams and bigrams of the tokenized window (see prompt-tokens.ts);
 * - word unigrams and bigrams of a (larger) window, split without a tokenizer (`hashWords`);
 * - the first 6 and last 6 tokenizer tokens tagged with their position;
 * - character 3-grams of the first `charHead` and last `charTail` characters, ASCII lower-cased;
 * - log2 prompt length in half-octave bins, plus its standardized value;
 * - message count, requested max_tokens (half-octave bins), model, tenant, group (system prompt
 *   or prefix id), model x prompt-length bin, and model x token unigram when a model is named.
 * Never the dataset's task or meta labels.
 *
 * Deterministic: the same request and options give the same indices and values on every run.
 *
 * @example
 * const features = hashFeatures({ id: 'a', promptTokens: 5, prompt: 'Hi there' }, defaultFeatureOptions);
 */

import type { PredictorInput } from '../predictor.js';
import { hashWordsInto, tokenizeWindow, type WindowOptions } from './prompt-tokens.js';

/** Which features are hashed and into how many bits. */
export interface FeatureOptions extends WindowOptions {
  /** log2 of the hashed dimension. */
  readonly bits: number;
  /** Leading characters whose lower-cased 3-grams are hashed (0: none). */
  readonly charHead: number;
  /** Trailing characters whose lower-cased 3-grams are hashed (0: none). */
  readonly charTail: number;
  /** Leading characters whose words (tokenizer-free split, prompt-tokens.ts) are hashed. */
  readonly wordHead: number;
  /** Trailing characters whose words are hashed. */
  readonly wordTail: number;
  /** Token and word bigrams as well as unigrams. */
  readonly bigrams: boolean;
  readonly modelCrosses: boolean;
}

/**
 * Defaults chosen for a cold predict under 50 µs of CPU (docs/benchmarks.md "## Predictors"):
 * - a 2^16 table (7.5 MB of float32, mostly cache-resident; 2^18 was 31 MB of random rows);
 * - no o200k window (`headChars` = `tailChars` = 0): its vocabulary lookups cost ~12 µs, and in an
 *   ablation (pooled mix, nl2bash, oasst, gsm8k_gpt3) words of the first 256 and last 128
 *   characters ranked as well or better than o200k tokens of a 128 + 64 window (pooled tau 0.759
 *   vs 0.752). The real tokenizer still counts the prompt (`promptTokens`), and setting the
 *   window brings its tokens back (model files record the options);
 * - 3-grams of the first 48 and last 64 characters.
 */
export const defaultFeatureOptions: FeatureOptions = {
  bits: 16,
  headChars: 0,
  tailChars: 0,
  wordHead: 256,
  wordTail: 128,
  charHead: 48,
  charTail: 64,
  bigrams: true,
  modelCrosses: true,
};

/**
 * Plain arrays, not typed arrays: a typed array over 64 bytes has its memory outside the heap, and
 * allocating one cost 1.4-2.9 us against 70 ns for an array of the same numbers (a request's
 * features are allocated once and live until it is observed).
 */
export interface SparseFeatures {
  /** Hashed feature indices in [0, 2^bits). */
  readonly indices: readonly number[];
  /** Their values, float32 numbers (`Math.fround`: the model's arithmetic is defined on them). */
  readonly values: readonly number[];
  /** Indices of the text (token and word unigram) features, for the "seen before" confidence. */
  readonly textIndices: readonly number[];
  readonly tokenizerFallback: boolean;
}

const Space = {
  Bias: 1,
  Unigram: 2,
  Bigram: 3,
  HeadPosition: 4,
  TailPosition: 5,
  CharGram: 6,
  Word: 16,
  WordBigram: 17,
  LengthBin: 7,
  LengthValue: 8,
  Messages: 9,
  MaxTokens: 10,
  Model: 11,
  Tenant: 12,
  Group: 13,
  ModelLength: 14,
  ModelUnigram: 15,
} as const;

function mix(space: number, a: number, b: number): number {
  let h = Math.imul(space, 0x9e3779b1) ^ Math.imul(a | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h ^= Math.imul(b | 0, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 13), 0x297a2d39);
  return (h ^ (h >>> 16)) >>> 0;
}

/** 32-bit FNV-1a of a string (model, tenant and group names). */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** ASCII lower case (other characters unchanged): cheaper than String.toLowerCase. */
function lower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

const halfOctave = (value: number): number => Math.round(2 * Math.log2(Math.max(1, value)));

/** `size` copies of `fill` in a packed array (small integers or doubles, as `fill` is). */
function packed(size: number, fill: number): number[] {
  const array: number[] = [];
  for (let i = 0; i < size; i++) array.push(fill);
  return array;
}

/** Reused growable buffers: hashing allocates only the three result arrays. */
const scratch = {
  indices: packed(1024, 0),
  values: packed(1024, 0.5),
  text: packed(512, 0),
  words: packed(512, 0.5),
};

const noTokens: readonly number[] = [];

export function hashFeatures(request: PredictorInput, options: FeatureOptions): SparseFeatures {
  const mask = (1 << options.bits) - 1;
  const prompt = request.prompt ?? '';
  let tokens = noTokens;
  let tokenizerFallback = false;
  if (options.headChars + options.tailChars > 0) {
    const window = tokenizeWindow(prompt, options);
    tokens = window.tail.length > 0 ? window.head.concat(window.tail) : window.head;
    tokenizerFallback = window.fallback;
  }
  const count = tokens.length;
  const modelHash = request.model === undefined ? 0 : hashString(request.model);
  const crosses = options.modelCrosses && modelHash !== 0;
  const wordHead = Math.min(prompt.length, options.wordHead);
  const wordTail = Math.min(prompt.length - wordHead, options.wordTail);
  if (scratch.words.length < wordHead + wordTail)
    scratch.words = packed(2 * (wordHead + wordTail), 0.5);
  const words = scratch.words;
  let wordCount = 0;
  if (wordHead + wordTail > 0) {
    wordCount = hashWordsInto(prompt, 0, wordHead, words, 0);
    wordCount = hashWordsInto(prompt, prompt.length - wordTail, prompt.length, words, wordCount);
  }
  const charHead = Math.min(prompt.length, options.charHead);
  const charTail = Math.min(prompt.length - charHead, options.charTail);
  // upper bound of the feature count, so the loops below never check capacity
  const bound = 16 + (count + wordCount) * 3 + 12 + charHead + charTail;
  if (scratch.indices.length < bound) {
    scratch.indices = packed(2 * bound, 0);
    scratch.values = packed(2 * bound, 0.5);
  }
  if (scratch.text.length < count + wordCount) scratch.text = packed(2 * (count + wordCount), 0);
  const indices = scratch.indices;
  const values = scratch.values;
  const text = scratch.text;
  let n = 0;
  indices[n] = mix(Space.Bias, 0, 0) & mask;
  values[n++] = 1;
  if (count > 0) {
    const weight = Math.fround(1 / Math.sqrt(count));
    for (let i = 0; i < count; i++) {
      const id = tokens[i] as number;
      const unigram = mix(Space.Unigram, id, 0) & mask;
      text[i] = unigram;
      indices[n] = unigram;
      values[n++] = weight;
      if (options.bigrams && i > 0) {
        indices[n] = mix(Space.Bigram, tokens[i - 1] as number, id) & mask;
        values[n++] = weight;
      }
      if (crosses) {
        indices[n] = mix(Space.ModelUnigram, modelHash, id) & mask;
        values[n++] = weight;
      }
    }
  }
  if (wordCount > 0) {
    const weight = Math.fround(1 / Math.sqrt(wordCount));
    for (let i = 0; i < wordCount; i++) {
      const id = words[i] as number;
      const unigram = mix(Space.Word, id, 0) & mask;
      text[count + i] = unigram;
      indices[n] = unigram;
      values[n++] = weight;
      if (options.bigrams && i > 0) {
        indices[n] = mix(Space.WordBigram, words[i - 1] as number, id) & mask;
        values[n++] = weight;
      }
    }
  }
  // the first and last 6 tokenizer tokens tagged with their position (tried on words too: the
  // tau of three datasets fell by 0.01-0.05, as it did with model x word crosses)
  const edge = Math.min(6, count);
  for (let i = 0; i < edge; i++) {
    indices[n] = mix(Space.HeadPosition, i, tokens[i] as number) & mask;
    values[n++] = 0.5;
    indices[n] = mix(Space.TailPosition, i, tokens[count - 1 - i] as number) & mask;
    values[n++] = 0.5;
  }
  const grams = Math.max(0, charHead - 2) + Math.max(0, charTail - 2);
  if (grams > 0) {
    const weight = Math.fround(1 / Math.sqrt(grams));
    for (let part = 0; part < 2; part++) {
      const from = part === 0 ? 0 : prompt.length - charTail;
      const to = part === 0 ? charHead : prompt.length;
      for (let i = from + 2; i < to; i++) {
        const gram =
          (lower(prompt.charCodeAt(i - 2)) << 16) ^
          (lower(prompt.charCodeAt(i - 1)) << 8) ^
          lower(prompt.charCodeAt(i));
        indices[n] = mix(Space.CharGram, gram, 0) & mask;
        values[n++] = weight;
      }
    }
  }
  const add = (hash: number, value: number): void => {
    indices[n] = hash & mask;
    values[n++] = Math.fround(value);
  };
  const lengthBin = halfOctave(request.promptTokens);
  add(mix(Space.LengthBin, lengthBin, 0), 1);
  add(mix(Space.LengthValue, 0, 0), (Math.log(1 + Math.max(0, request.promptTokens)) - 4) / 2);
  add(mix(Space.Messages, Math.min(16, request.messageCount ?? 1), 0), 1);
  if (request.maxTokens !== undefined)
    add(mix(Space.MaxTokens, halfOctave(request.maxTokens), 0), 1);
  if (modelHash !== 0) {
    add(mix(Space.Model, modelHash, 0), 1);
    add(mix(Space.ModelLength, modelHash, lengthBin), 1);
  }
  if (request.tenant !== undefined) add(mix(Space.Tenant, hashString(request.tenant), 0), 1);
  if (request.group !== undefined) add(mix(Space.Group, hashString(request.group), 0), 1);
  return {
    indices: indices.slice(0, n),
    values: values.slice(0, n),
    textIndices: text.slice(0, count + wordCount),
    tokenizerFallback,
  };
}
