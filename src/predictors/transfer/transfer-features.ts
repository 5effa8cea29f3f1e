/**
 * The dense features of the transfer predictor: only signals whose meaning does not depend on the
 * task they were learned on (no word identities): the answer form (one-hot), requested-length
 * words, the prompt's length and structure, max_tokens, message count and whether a group (system
 * prompt / application) is named. `denseFeatureNames[i]` names column i; `featureGroups` groups
 * columns for ablations (docs/results.md).
 *
 * @example
 * const { values, reading } = denseFeatures({ id: 'a', promptTokens: 9, prompt: 'Explain X' });
 */

import type { PredictorInput } from '../predictor.js';
import { type AnswerFormReading, answerForms, readAnswerForm } from './answer-form.js';

/** The names of the dense features, in vector order. */
export const denseFeatureNames: readonly string[] = [
  ...answerForms.map((form) => `form:${form}`),
  'length:brief',
  'length:detail',
  'length:explicit',
  'prompt:log-tokens',
  'prompt:log-lines',
  'prompt:log-numbers',
  'prompt:question-marks',
  'prompt:ends-with-question',
  'prompt:table',
  'prompt:code',
  'request:has-max-tokens',
  'request:log-max-tokens',
  'request:log-messages',
  'request:has-group',
];

export const denseDimension = denseFeatureNames.length;

/** Column indices per feature group (names before the first ':'), for ablations. */
export function featureGroups(): Record<string, number[]> {
  const groups: Record<string, number[]> = {};
  denseFeatureNames.forEach((name, i) => {
    const key = name.slice(0, name.indexOf(':'));
    groups[key] ??= [];
    groups[key].push(i);
  });
  return groups;
}

const formOffset = 0;
const lengthOffset = answerForms.length;
const promptOffset = lengthOffset + 3;
const requestOffset = promptOffset + 7;

export interface DenseFeatures {
  readonly values: Float64Array;
  readonly reading: AnswerFormReading;
}

export function denseFeatures(request: PredictorInput): DenseFeatures {
  const reading = readAnswerForm(request.prompt ?? '', request.promptTokens);
  const values = new Float64Array(denseDimension);
  values[formOffset + answerForms.indexOf(reading.form)] = 1;
  if (reading.lengthWord === 'brief') values[lengthOffset] = 1;
  if (reading.lengthWord === 'detail') values[lengthOffset + 1] = 1;
  if (reading.explicitTokens > 0) values[lengthOffset + 2] = 1;
  values[promptOffset] = Math.log1p(Math.max(0, request.promptTokens)) - 4;
  values[promptOffset + 1] = Math.log(reading.lines);
  values[promptOffset + 2] = Math.log1p(reading.numbers);
  values[promptOffset + 3] = Math.min(3, reading.questionMarks);
  values[promptOffset + 4] = reading.endsWithQuestion ? 1 : 0;
  values[promptOffset + 5] = reading.hasTable ? 1 : 0;
  values[promptOffset + 6] = reading.hasCode ? 1 : 0;
  if (request.maxTokens !== undefined && request.maxTokens > 0) {
    values[requestOffset] = 1;
    values[requestOffset + 1] = Math.log(request.maxTokens) - 6;
  }
  values[requestOffset + 2] = Math.log(Math.max(1, request.messageCount ?? 1));
  values[requestOffset + 3] = request.group === undefined ? 0 : 1;
  return { values, reading };
}
