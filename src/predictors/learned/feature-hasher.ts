import type { PredictorInput } from '../predictor.js';
import { tokenizeWindow, type WindowOptions } from './prompt-tokens.js';

/**
 * Hashed sparse features of a request (the "hashing trick": no vocabulary to store, and a word
 * never seen in training simply lands on a weight that is zero or shared).
 *
 * Features (each namespace hashed separately; text values are 1/sqrt(count) so long prompts do not
 * dominate):
 * - bias;
 * - o200k token unigrams and bigrams of the tokenized window (see prompt-tokens.ts);
 * - the first 6 and last 6 tokens tagged with their position (templates, "Write ...", "...?");
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
export interface FeatureOptions extends WindowOptions {
  /** log2 of the hashed dimension. */
  readonly bits: number;
  /** Leading characters whose lower-cased 3-grams are hashed (0: none). */
  readonly charHead: number;
  /** Trailing characters whose lower-cased 3-grams are hashed (0: none). */
  readonly charTail: number;
  /** Token bigrams as well as unigrams. */
  readonly bigrams: boolean;
  readonly modelCrosses: boolean;
}

/**
 * Chosen for a cold predict well under 50 µs (docs/benchmarks.md "## Predictors"): a 2^16 table
 * (7.5 MB of float32, mostly cache-resident), a 256 + 128 character token window and 3-grams of
 * the first 48 and last 64 characters keep about 120 features per request.
 */
export const defaultFeatureOptions: FeatureOptions = {
  bits: 16,
  headChars: 256,
  tailChars: 128,
  charHead: 48,
  charTail: 64,
  bigrams: true,
  modelCrosses: true,
};

export interface SparseFeatures {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  /** Indices of the text (token unigram) features, for the "seen before" confidence. */
  readonly textIndices: Int32Array;
  readonly tokenizerFallback: boolean;
}

const Space = {
  Bias: 1,
  Unigram: 2,
  Bigram: 3,
  HeadPosition: 4,
  TailPosition: 5,
  CharGram: 6,
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

/** Reused growable buffers: hashing allocates only the three result arrays. */
const scratch = {
  indices: new Int32Array(1024),
  values: new Float32Array(1024),
  text: new Int32Array(512),
};

function grow<T extends Int32Array | Float32Array>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  const bigger = new (array.constructor as new (size: number) => T)(
    Math.max(needed, 2 * array.length),
  );
  bigger.set(array);
  return bigger;
}

export function hashFeatures(request: PredictorInput, options: FeatureOptions): SparseFeatures {
  const mask = (1 << options.bits) - 1;
  const prompt = request.prompt ?? '';
  const window = tokenizeWindow(prompt, options);
  const head = window.head;
  const tail = window.tail;
  const count = head.length + tail.length;
  const token = (i: number): number => (i < head.length ? head[i] : tail[i - head.length]) ?? 0;
  const modelHash = request.model === undefined ? 0 : hashString(request.model);
  const crosses = options.modelCrosses && modelHash !== 0;
  const charHead = Math.min(prompt.length, options.charHead);
  const charTail = Math.min(prompt.length - charHead, options.charTail);
  // upper bound of the feature count, so the loops below never check capacity
  const bound = 16 + count * (options.bigrams ? 4 : 3) + charHead + charTail + 12;
  scratch.indices = grow(scratch.indices, bound);
  scratch.values = grow(scratch.values, bound);
  scratch.text = grow(scratch.text, count);
  const indices = scratch.indices;
  const values = scratch.values;
  const text = scratch.text;
  let n = 0;
  const add = (hash: number, value: number): void => {
    indices[n] = hash & mask;
    values[n] = value;
    n++;
  };
  add(mix(Space.Bias, 0, 0), 1);
  if (count > 0) {
    const weight = 1 / Math.sqrt(count);
    let previous = 0;
    for (let i = 0; i < count; i++) {
      const id = token(i);
      const unigram = mix(Space.Unigram, id, 0) & mask;
      text[i] = unigram;
      add(unigram, weight);
      if (options.bigrams && i > 0) add(mix(Space.Bigram, previous, id), weight);
      if (crosses) add(mix(Space.ModelUnigram, modelHash, id), weight);
      previous = id;
    }
    const edge = Math.min(6, count);
    for (let i = 0; i < edge; i++) {
      add(mix(Space.HeadPosition, i, token(i)), 0.5);
      add(mix(Space.TailPosition, i, token(count - 1 - i)), 0.5);
    }
  }
  const grams = Math.max(0, charHead - 2) + Math.max(0, charTail - 2);
  if (grams > 0) {
    const weight = 1 / Math.sqrt(grams);
    const charGrams = (from: number, to: number): void => {
      for (let i = from + 2; i < to; i++) {
        const gram =
          (lower(prompt.charCodeAt(i - 2)) << 16) ^
          (lower(prompt.charCodeAt(i - 1)) << 8) ^
          lower(prompt.charCodeAt(i));
        add(mix(Space.CharGram, gram, 0), weight);
      }
    };
    charGrams(0, charHead);
    charGrams(prompt.length - charTail, prompt.length);
  }
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
    textIndices: text.slice(0, count),
    tokenizerFallback: window.fallback,
  };
}
