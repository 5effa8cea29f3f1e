/**
 * Regenerates the "## Output-length prediction" section of docs/results.md (between the
 * `predict:*` marker comments): every predictor on each shared text dataset and on the pooled mix
 * (80/20 split by prompt hash, seed 1), and the scheduling-value experiment.
 *
 *   npx tsx scripts/results-predict.ts [metrics|scheduling|diagnosis|lodo|online|transfer-scheduling|all]
 *   (default all; the last four are issue 12's transfer experiments, results-predict-transfer.ts)
 *
 * Each table row equals `llmsched predict eval --data FILE --split 0.8 --predictor NAME --seed 1 --json`.
 * Needs ../shared/data/text (exits with a message when absent).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type EvaluationResult,
  evaluatePredictor,
} from '../src/predictors/eval/evaluate-predictor.js';
import { trainPredictorByName } from '../src/predictors/eval/predictor-catalog.js';
import { splitByPrompt } from '../src/predictors/eval/split-by-prompt.js';
import { readTextDatasets, sharedTextDatasets } from '../src/predictors/eval/text-dataset.js';
import { schedulingValueTable } from './results-predict-scheduling.js';
import {
  diagnosisSection,
  loadDatasets,
  lodoSection,
  onlineSection,
  transferSchedulingSection,
} from './results-predict-transfer.js';

const dataDir = join(import.meta.dirname, '..', '..', 'shared', 'data', 'text');
const resultsFile = join(import.meta.dirname, '..', 'docs', 'results.md');
const datasets = sharedTextDatasets;
const predictors = [
  'global-mean',
  'global-median',
  'group-median',
  'length-regression',
  'learned',
  'self:0.5',
  'oracle',
];

function row(result: EvaluationResult): string {
  const f = (value: number, digits: number): string => value.toFixed(digits);
  return `| ${result.predictor} | ${result.n} | ${f(result.kendallTau, 3)} | ${f(result.spearman, 3)} | ${f(result.maeTokens, 1)} | ${f(result.medianAbsRelError, 3)} | ${f(result.bucketAccuracy, 3)} | ${f(result.p90Coverage, 3)} | ${f(result.predictMicros, 1)} |`;
}

function metricsTables(): string {
  const parts: string[] = [];
  const sets: [string, readonly string[]][] = [
    ...datasets.map((name): [string, readonly string[]] => [name, [name]]),
    ['pooled mix (all six files)', datasets],
  ];
  for (const [label, names] of sets) {
    const files = names.map((name) => join(dataDir, `${name}.jsonl`));
    const { train, test } = splitByPrompt(readTextDatasets(files), 0.8, 1);
    parts.push(`### ${label} (train ${train.length}, test ${test.length})`, '');
    parts.push(
      '| predictor | n | Kendall tau-b | Spearman | MAE tokens | median abs rel err | bucket acc | p90 coverage | predict µs |',
    );
    parts.push('|---|---|---|---|---|---|---|---|---|');
    for (const name of predictors) {
      const predictor = trainPredictorByName(name, train, { seed: 1 });
      const result = evaluatePredictor(predictor, test, { now: () => performance.now(), name });
      parts.push(row(result));
      process.stderr.write(`${label} ${name} tau=${result.kendallTau.toFixed(3)}\n`);
    }
    parts.push('');
  }
  return parts.join('\n');
}

function replaceBetween(text: string, name: string, body: string): string {
  const begin = `<!-- predict:${name}:begin -->`;
  const end = `<!-- predict:${name}:end -->`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start < 0 || stop < 0) return text;
  return `${text.slice(0, start + begin.length)}\n${body}\n${text.slice(stop)}`;
}

const skeleton = `## Output-length prediction

Issue [C]. Regenerate with \`npx tsx scripts/results-predict.ts\` (tables between the markers).

<!-- predict:metrics:begin -->
<!-- predict:metrics:end -->

<!-- predict:scheduling:begin -->
<!-- predict:scheduling:end -->

<!-- predict:diagnosis:begin -->
<!-- predict:diagnosis:end -->

<!-- predict:lodo:begin -->
<!-- predict:lodo:end -->

<!-- predict:online:begin -->
<!-- predict:online:end -->

<!-- predict:transfer-scheduling:begin -->
<!-- predict:transfer-scheduling:end -->
`;

if (!existsSync(dataDir)) {
  process.stderr.write(`results-predict: ${dataDir} is absent; nothing to do\n`);
  process.exit(0);
}
const what = process.argv[2] ?? 'all';
let text = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : '# Results\n';
if (!text.includes('## Output-length prediction')) text = `${text.trimEnd()}\n\n${skeleton}`;
if (what === 'metrics' || what === 'all') text = replaceBetween(text, 'metrics', metricsTables());
if (what === 'scheduling' || what === 'all') {
  text = replaceBetween(text, 'scheduling', schedulingValueTable(dataDir));
}
const transferSections = {
  diagnosis: diagnosisSection,
  lodo: lodoSection,
  online: onlineSection,
  'transfer-scheduling': transferSchedulingSection,
} as const;
for (const [name, section] of Object.entries(transferSections)) {
  if (what !== name && what !== 'all') continue;
  // each section is written as soon as it is done (a long run keeps what finished)
  text = replaceBetween(text, name, section(loadDatasets(dataDir)));
  writeFileSync(resultsFile, text);
}
writeFileSync(resultsFile, text);
process.stderr.write(`wrote ${resultsFile}\n`);
