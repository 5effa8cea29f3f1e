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
 * - character 3-grams of the first 64 and last 160 characters, lower-cased;
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
  readonly charGrams: boolean;
  readonly modelCrosses: boolean;
}

export const defaultFeatureOptions: FeatureOptions = {
  bits: 18,
  headChars: 384,
  tailChars: 384,
  charGrams: true,
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

const halfOctave = (value: number): number => Math.round(2 * Math.log2(Math.max(1, value)));

export function hashFeatures(request: PredictorInput, options: FeatureOptions): SparseFeatures {
  const mask = (1 << options.bits) - 1;
  const indices: number[] = [];
  const values: number[] = [];
  const textIndices: number[] = [];
  const add = (hash: number, value: number): void => {
    indices.push(hash & mask);
    values.push(value);
  };
  add(mix(Space.Bias, 0, 0), 1);
  const prompt = request.prompt ?? '';
  const window = tokenizeWindow(prompt, options);
  const tokens = window.tail.length > 0 ? [...window.head, ...window.tail] : window.head;
  const modelHash = request.model === undefined ? 0 : hashString(request.model);
  if (tokens.length > 0) {
    const weight = 1 / Math.sqrt(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const id = tokens[i] ?? 0;
      const unigram = mix(Space.Unigram, id, 0) & mask;
      indices.push(unigram);
      values.push(weight);
      textIndices.push(unigram);
      if (i > 0) add(mix(Space.Bigram, tokens[i - 1] ?? 0, id), weight);
      if (options.modelCrosses && modelHash !== 0)
        add(mix(Space.ModelUnigram, modelHash, id), weight);
    }
    const edge = Math.min(6, tokens.length);
    for (let i = 0; i < edge; i++) {
      add(mix(Space.HeadPosition, i, tokens[i] ?? 0), 0.5);
      add(mix(Space.TailPosition, i, tokens[tokens.length - 1 - i] ?? 0), 0.5);
    }
  }
  if (options.charGrams && prompt.length >= 3) {
    const lower =
      prompt.length > 224 ? prompt.slice(0, 64) + '\u0000' + prompt.slice(-160) : prompt;
    const text = lower.toLowerCase();
    const weight = 1 / Math.sqrt(text.length - 2);
    for (let i = 2; i < text.length; i++) {
      const gram =
        (text.charCodeAt(i - 2) << 16) ^ (text.charCodeAt(i - 1) << 8) ^ text.charCodeAt(i);
      add(mix(Space.CharGram, gram, 0), weight);
    }
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
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
    textIndices: Int32Array.from(textIndices),
    tokenizerFallback: window.fallback,
  };
}
