/**
 * Predictor latency micro-benchmark (issue [C]: predict < 50 µs per request on one core).
 *
 *   npx tsx bench/predict.ts            (needs ../shared/data/text; prints a markdown table)
 *
 * Trains the learned predictor on the pooled mix (80% of prompts, seed 1), then times `predict`
 * over 3000 held-out requests: cold (new request: word split + hashing + model + back-off) and
 * warm (same requests again: cached prediction, as the scheduler sees it after arrival), next to
 * the baselines measured in the same run. Medians of 7 repetitions, in CPU time of this process
 * (process.cpuUsage: the machine is shared, and wall time counts the time other jobs ran) and in
 * wall time. The transfer predictor (issue 12) is timed cold (fitted cold part only), cold after
 * 1000 online observations (word model and group statistics active), per observe, and warm.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { trainPredictorByName } from '../src/predictors/eval/predictor-catalog.js';
import { splitByPrompt } from '../src/predictors/eval/split-by-prompt.js';
import { readTextDatasets, sharedTextDatasets } from '../src/predictors/eval/text-dataset.js';
import { defaultFeatureOptions, hashFeatures } from '../src/predictors/learned/feature-hasher.js';
import { fitLearnedPredictor } from '../src/predictors/learned/fit-learned.js';
import { createLearnedPredictor } from '../src/predictors/learned/learned-predictor.js';
import { hashWords, tokenizeWindow } from '../src/predictors/learned/prompt-tokens.js';
import type { PredictorInput } from '../src/predictors/predictor.js';
import { readAnswerForm } from '../src/predictors/transfer/answer-form.js';
import { fitTransferModel } from '../src/predictors/transfer/fit-transfer.js';
import { createTransferPredictor } from '../src/predictors/transfer/transfer-predictor.js';

const dataDir = join(import.meta.dirname, '..', '..', 'shared', 'data', 'text');
if (!existsSync(dataDir)) {
  process.stderr.write(`bench/predict: ${dataDir} is absent\n`);
  process.exit(0);
}
const files = sharedTextDatasets.map((name) => join(dataDir, `${name}.jsonl`));
const { train, test } = splitByPrompt(readTextDatasets(files), 0.8, 1);
const inputs: PredictorInput[] = test
  .slice(0, 3000)
  .map((example, i) => ({ ...example.input, id: `b${i}` }));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(run: (round: number) => void): [number, number] {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let round = 0; round < 7; round++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    run(round);
    const used = process.cpuUsage(usage);
    wall.push(((performance.now() - started) * 1000) / inputs.length);
    cpu.push((used.user + used.system) / inputs.length);
  }
  return [median(cpu), median(wall)];
}

const learned = createLearnedPredictor();
fitLearnedPredictor(learned, train, { seed: 1 });
const rows: [string, [number, number]][] = [];
rows.push([
  'word split (first 256 + last 128 chars)',
  time(() => {
    for (const input of inputs) {
      const prompt = input.prompt ?? '';
      const head = Math.min(prompt.length, 256);
      hashWords(prompt, 0, head);
      hashWords(prompt, prompt.length - Math.min(prompt.length - head, 128), prompt.length);
    }
  }),
]);
rows.push([
  'o200k tokenize (128 + 64 chars; off by default)',
  time(() => {
    for (const input of inputs)
      tokenizeWindow(input.prompt ?? '', { headChars: 128, tailChars: 64 });
  }),
]);
rows.push([
  'feature hashing (incl. word split)',
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
  'learned predict, warm (cached prediction)',
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
const transferModel = fitTransferModel(train, {}).model;
rows.push([
  'answer-form cues (transfer)',
  time(() => {
    for (const input of inputs) readAnswerForm(input.prompt ?? '', input.promptTokens);
  }),
]);
rows.push([
  'transfer predict, cold (new request)',
  time((round) => {
    const fresh = createTransferPredictor(transferModel);
    for (const input of inputs) fresh.predict({ ...input, id: `${input.id}-${round}` });
  }),
]);
const online = createTransferPredictor(transferModel);
for (const input of inputs.slice(0, 1000)) online.observe(input, input.outputTokens ?? 1);
rows.push([
  'transfer predict, cold, after 1000 observations (words + groups on)',
  time((round) => {
    for (const input of inputs) online.predict({ ...input, id: `${input.id}-o${round}` });
  }),
]);
rows.push([
  'transfer observe (one online update)',
  time((round) => {
    for (const input of inputs)
      online.observe({ ...input, id: `${input.id}-u${round}` }, input.outputTokens ?? 1);
  }),
]);
rows.push([
  'transfer predict, warm (cached prediction)',
  time(() => {
    for (const input of inputs) online.predict(input);
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
const baseline = rows.find(([name]) => name === 'global-median predict')?.[1][0] ?? 1;
process.stdout.write(
  '| operation | µs per request (CPU) | µs per request (wall) | CPU x global-median |\n|---|---|---|---|\n',
);
for (const [name, [cpu, wall]] of rows)
  process.stdout.write(
    `| ${name} | ${cpu.toFixed(1)} | ${wall.toFixed(1)} | ${(cpu / baseline).toFixed(1)} |\n`,
  );
