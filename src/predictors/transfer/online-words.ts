/**
 * The part of the transfer predictor that learns the deployment's own words: a linear model on
 * hashed word unigrams and bigrams (first `wordHead` and last `wordTail` characters), the
 * form x word crosses, and the group and model names, predicting the cold model's log-length
 * residual. Trained online only, one AdaGrad step per finished request (squared loss), so it
 * starts at zero and never carries words of the training sets into a new deployment.
 *
 * @example
 * const words = createOnlineWords();
 * const x = wordFeatures(words, request, 'chat');
 * wordsStep(words, x, residual);
 */

import { hashString } from '../learned/feature-hasher.js';
import { hashWords } from '../learned/prompt-tokens.js';
import type { PredictorInput } from '../predictor.js';
import type { AnswerForm } from './answer-form.js';

/** Parameters of the online word model: hash bits, word window and learning rate. */
export interface OnlineWordsOptions {
  readonly bits: number;
  readonly wordHead: number;
  readonly wordTail: number;
  readonly learningRate: number;
}

/**
 * Learning rate 0.05: of 0.15 / 0.05 / 0.02 / 0 on the streams of docs/results.md (mixed stream
 * and four held-out-set streams), 0.15 made the words worse than none on gsm8k and tatqa (the
 * guard reset them 12-13 times; tau 0.20 / 0.04), 0.02 learned too slowly (mixed 0.619), 0.05 was
 * best or level everywhere (mixed 0.657, gsm8k 0.367, tatqa 0.173, nl2bash 0.377, oasst 0.553).
 */
export const defaultOnlineWordsOptions: OnlineWordsOptions = {
  bits: 16,
  wordHead: 256,
  wordTail: 128,
  learningRate: 0.05,
};

export interface OnlineWords {
  readonly options: OnlineWordsOptions;
  readonly weights: Float32Array;
  readonly accumulators: Float32Array;
  updates: number;
}

export interface WordFeatures {
  readonly indices: Int32Array;
  readonly value: number;
}

export function createOnlineWords(
  options: OnlineWordsOptions = defaultOnlineWordsOptions,
): OnlineWords {
  return {
    options,
    weights: new Float32Array(1 << options.bits),
    accumulators: new Float32Array(1 << options.bits),
    updates: 0,
  };
}

function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x2545f491, 0x9e3779b1) ^ Math.imul(b | 0, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  return (h ^ (h >>> 16)) >>> 0;
}

export function wordFeatures(
  words: OnlineWords,
  request: PredictorInput,
  form: AnswerForm,
): WordFeatures {
  const prompt = request.prompt ?? '';
  const { wordHead, wordTail, bits } = words.options;
  const mask = (1 << bits) - 1;
  const head = Math.min(prompt.length, wordHead);
  const tail = Math.min(prompt.length - head, wordTail);
  const ids = hashWords(prompt, 0, head).concat(
    hashWords(prompt, prompt.length - tail, prompt.length),
  );
  const formHash = hashString(form);
  const indices = new Int32Array(5 + 3 * ids.length);
  let n = 0;
  indices[n++] = mix(1, 0) & mask;
  indices[n++] = mix(2, formHash) & mask;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as number;
    indices[n++] = mix(3, id) & mask;
    indices[n++] = mix(formHash, id) & mask;
    if (i > 0) indices[n++] = mix(4, mix(ids[i - 1] as number, id)) & mask;
  }
  if (request.group !== undefined) indices[n++] = mix(5, hashString(request.group)) & mask;
  if (request.model !== undefined) indices[n++] = mix(6, hashString(request.model)) & mask;
  if (request.tenant !== undefined) indices[n++] = mix(7, hashString(request.tenant)) & mask;
  return { indices: indices.subarray(0, n), value: 1 / Math.sqrt(n) };
}

export function wordsPredict(words: OnlineWords, x: WordFeatures): number {
  let sum = 0;
  for (let j = 0; j < x.indices.length; j++) sum += words.weights[x.indices[j] as number] ?? 0;
  return sum * x.value;
}

/** One AdaGrad step towards `target`; returns the error before the step. */
export function wordsStep(words: OnlineWords, x: WordFeatures, target: number): number {
  const error = wordsPredict(words, x) - target;
  const gradient = error * x.value;
  for (let j = 0; j < x.indices.length; j++) {
    const index = x.indices[j] as number;
    const accumulated = (words.accumulators[index] ?? 0) + gradient * gradient;
    words.accumulators[index] = accumulated;
    words.weights[index] =
      (words.weights[index] ?? 0) -
      (words.options.learningRate * gradient) / Math.sqrt(accumulated + 1e-6);
  }
  words.updates++;
  return error;
}

export function resetWords(words: OnlineWords): void {
  words.weights.fill(0);
  words.accumulators.fill(0);
  words.updates = 0;
}
