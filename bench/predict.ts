/**
 * Predictor latency micro-benchmark (issue [C]: predict < 50 µs per request on one core).
 *
 *   npx tsx bench/predict.ts            (needs ../shared/data/text; prints a markdown table)
 *
 * Trains the learned predictor on the pooled mix (80% of prompts, seed 1), then times `predict`
 * over 3000 held-out requests: cold (new request: tokenization + hashing + model + back-off) and
 * warm (same requests again: cached features, as `remaining()` sees them on every decode step),
 * next to the baselines measured in the same run. Medians of 5 repetitions.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { trainPredictorByName } from '../src/predictors/eval/predictor-catalog.js';
import { splitByPrompt } from '../src/predictors/eval/split-by-prompt.js';
import { readTextDatasets } from '../src/predictors/eval/text-dataset.js';
import { defaultFeatureOptions, hashFeatures } from '../src/predictors/learned/feature-hasher.js';
import { fitLearnedPredictor } from '../src/predictors/learned/fit-learned.js';
import { createLearnedPredictor } from '../src/predictors/learned/learned-predictor.js';
import { tokenizeWindow } from '../src/predictors/learned/prompt-tokens.js';
import type { PredictorInput } from '../src/predictors/predictor.js';

const dataDir = join(import.meta.dirname, '..', '..', 'shared', 'data', 'text');
if (!existsSync(dataDir)) {
  process.stderr.write(`bench/predict: ${dataDir} is absent\n`);
  process.exit(0);
}
const files = [
  'gsm8k',
  'gsm8k_gpt3_solutions',
  'humaneval',
  'nl2bash',
  'tatqa',
  'oasst_model_eval',
].map((name) => join(dataDir, `${name}.jsonl`));
const { train, test } = splitByPrompt(readTextDatasets(files), 0.8, 1);
const inputs: PredictorInput[] = test
  .slice(0, 3000)
  .map((example, i) => ({ ...example.input, id: `b${i}` }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: (round: number) => void): number {
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    const started = performance.now();
    run(round);
    samples.push(((performance.now() - started) * 1000) / inputs.length);
  }
  return median(samples);
}

const learned = createLearnedPredictor();
fitLearnedPredictor(learned, train, { seed: 1 });
const rows: [string, number][] = [];
rows.push([
  'o200k tokenize (head+tail window)',
  time(() => {
    for (const input of inputs) tokenizeWindow(input.prompt ?? '', defaultFeatureOptions);
  }),
]);
rows.push([
  'feature hashing (incl. tokenize)',
  time(() => {
    for (const input of inputs) hashFeatures(input, defaultFeatureOptions);
  }),
]);
rows.push([
  'learned predict, cold (new request)',
  time((round) => {
    const fresh = createLearnedPredictor(learned.state);
    for (const input of inputs) fresh.predict({ ...input, id: `${input.id}-${round}` });
  }),
]);
rows.push([
  'learned predict, warm (cached features)',
  time(() => {
    for (const input of inputs) learned.predict(input);
  }),
]);
rows.push([
  'learned remaining(generated = 10), warm',
  time(() => {
    for (const input of inputs) learned.remaining(input, 10);
  }),
]);
for (const name of ['global-median', 'group-median', 'length-regression', 'oracle']) {
  const predictor = trainPredictorByName(name, train.slice(0, 5000), { seed: 1 });
  rows.push([
    `${name} predict`,
    time(() => {
      for (const input of inputs) predictor.predict(input);
    }),
  ]);
}
const baseline = rows.find(([name]) => name === 'global-median predict')?.[1] ?? 1;
process.stdout.write('| operation | µs per request | x global-median |\n|---|---|---|\n');
for (const [name, micros] of rows)
  process.stdout.write(`| ${name} | ${micros.toFixed(1)} | ${(micros / baseline).toFixed(1)} |\n`);
