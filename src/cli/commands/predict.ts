/**
 * `llmsched predict eval|train`: output-length predictors on normalized prompt/response JSONL.
 *
 *   llmsched predict eval --train a.jsonl,b.jsonl --test c.jsonl --predictor learned [--seed 1] [--json]
 *   llmsched predict eval --data a.jsonl,b.jsonl --split 0.8 --predictor group-median --json
 *   llmsched predict eval --model model.json --test c.jsonl
 *   llmsched predict eval --lodo --data a.jsonl,b.jsonl,c.jsonl --predictor transfer [--json]
 *   llmsched predict eval --online --data a.jsonl,b.jsonl [--order shuffle|concat|interleave]
 *       [--predictor transfer | --model FILE] [--window 200] [--warmup 200] [--limit N] [--json]
 *   llmsched predict train [--predictor learned|transfer] --data a.jsonl,b.jsonl --out model.json
 *
 * --lodo: leave-one-dataset-out (each file is a dataset: train on the others, score the one left
 * out, then pooled). --online: a stream (predict each request, then observe its length), scored
 * per window and after the warm-up.
 * Splits are by prompt (seeded hash of the prompt text), never by sample.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { createRng } from '../../core/rng.js';
import { checkOutputPath } from '../../io/output-path.js';
import { evaluatePredictor } from '../../predictors/eval/evaluate-predictor.js';
import { leaveOneDatasetOut } from '../../predictors/eval/leave-one-dataset-out.js';
import { evaluateOnline } from '../../predictors/eval/online-evaluation.js';
import { catalogNames, trainPredictorByName } from '../../predictors/eval/predictor-catalog.js';
import { splitByPrompt } from '../../predictors/eval/split-by-prompt.js';
import { readTextDatasets, type TextExample } from '../../predictors/eval/text-dataset.js';
import { fitLearnedPredictor } from '../../predictors/learned/fit-learned.js';
import { saveLearnedModel } from '../../predictors/learned/learned-model-file.js';
import { createLearnedPredictor } from '../../predictors/learned/learned-predictor.js';
import { loadPredictorModel } from '../../predictors/load-predictor-model.js';
import type { LengthPredictor } from '../../predictors/predictor.js';
import { fitTransferModel } from '../../predictors/transfer/fit-transfer.js';
import { saveTransferModel } from '../../predictors/transfer/transfer-model-file.js';
import { listFlag, seedFlag } from '../bounds.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../progress.js';

interface EvalOptions {
  readonly train?: string;
  readonly test?: string;
  readonly data?: string;
  readonly split?: string;
  readonly predictor: string;
  readonly model?: string;
  readonly seed: string;
  readonly json?: boolean;
  readonly lodo?: boolean;
  readonly online?: boolean;
  readonly order: string;
  readonly window: string;
  readonly warmup: string;
  readonly limit?: string;
}

function list(flag: string, value: string | undefined): string[] {
  if (value === undefined || value.trim() === '')
    throw new CliError(`${flag} needs a comma-separated list of JSONL files`);
  return listFlag(flag, value);
}

function parseSeed(value: string): number {
  return seedFlag(value);
}

function loadSplit(
  options: EvalOptions,
  seed: number,
): { train: TextExample[]; test: TextExample[] } {
  if (options.data !== undefined) {
    if (options.train !== undefined || options.test !== undefined) {
      throw new CliError('use either --data with --split, or --train and --test');
    }
    const fraction = Number(options.split ?? '0.8');
    if (!(fraction > 0 && fraction < 1))
      throw new CliError(`--split must be in (0, 1), got '${options.split}'`);
    return splitByPrompt(readTextDatasets(list('--data', options.data)), fraction, seed);
  }
  const test = readTextDatasets(list('--test', options.test));
  if (options.model !== undefined && options.train === undefined) return { train: [], test };
  return { train: readTextDatasets(list('--train', options.train)), test };
}

function formatTable(result: ReturnType<typeof evaluatePredictor>): string {
  return [
    `predictor          ${result.predictor}`,
    `n                  ${result.n}`,
    `kendall tau-b      ${result.kendallTau.toFixed(3)}`,
    `spearman           ${result.spearman.toFixed(3)}`,
    `MAE (tokens)       ${result.maeTokens.toFixed(1)}`,
    `median |rel err|   ${result.medianAbsRelError.toFixed(3)}`,
    `bucket accuracy    ${result.bucketAccuracy.toFixed(3)}`,
    `p90 coverage       ${result.p90Coverage.toFixed(3)}`,
    `predict (us/req)   ${result.predictMicros.toFixed(1)}`,
  ].join('\n');
}

function positiveInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new CliError(`${flag} must be a positive integer, got '${value}'`);
  return parsed;
}

function nonNegativeInteger(flag: string, value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new CliError(`${flag} must be a non-negative integer, got '${value}'`);
  return parsed;
}

function nonEmpty(examples: TextExample[], files: readonly string[]): TextExample[] {
  if (examples.length === 0) throw new CliError(`${files.join(',')}: no examples (empty dataset)`);
  return examples;
}

const orders = ['shuffle', 'concat', 'interleave'] as const;
type StreamOrder = (typeof orders)[number];

/** The stream's order: seeded shuffle of all files, files one after another, or round-robin. */
function streamOf(
  byFile: readonly TextExample[][],
  order: StreamOrder,
  seed: number,
): TextExample[] {
  switch (order) {
    case 'concat':
      return byFile.flat();
    case 'interleave': {
      const out: TextExample[] = [];
      const longest = Math.max(0, ...byFile.map((examples) => examples.length));
      for (let i = 0; i < longest; i++)
        for (const examples of byFile)
          if (i < examples.length) out.push(examples[i] as TextExample);
      return out;
    }
    case 'shuffle': {
      const out = byFile.flat();
      const rng = createRng(seed).fork('predict-stream');
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [out[i], out[j]] = [out[j] as TextExample, out[i] as TextExample];
      }
      return out;
    }
    default: {
      const never: never = order;
      throw new CliError(`unknown order ${String(never)}`);
    }
  }
}

function emit(options: EvalOptions, json: unknown, table: string): void {
  process.stdout.write(options.json === true ? `${JSON.stringify(json)}\n` : `${table}\n`);
}

function runOnline(options: EvalOptions, seed: number): void {
  if (options.train !== undefined || options.test !== undefined)
    throw new CliError('--online reads its stream from --data (no --train/--test)');
  if (!(orders as readonly string[]).includes(options.order))
    throw new CliError(`--order must be one of ${orders.join(', ')}, got '${options.order}'`);
  const files = list('--data', options.data);
  const byFile = files.map((file) => readTextDatasets([file]));
  let stream = streamOf(byFile, options.order as StreamOrder, seed);
  if (options.limit !== undefined)
    stream = stream.slice(0, positiveInteger('--limit', options.limit));
  if (stream.length === 0) throw new CliError(`${files.join(',')}: the stream is empty`);
  const predictor =
    options.model !== undefined
      ? loadPredictorModel(options.model)
      : trainPredictorByName(options.predictor, [], { seed });
  const result = evaluateOnline(predictor, stream, {
    window: positiveInteger('--window', options.window),
    warmup: nonNegativeInteger('--warmup', options.warmup),
    name: options.model !== undefined ? `${predictor.name}(${options.model})` : options.predictor,
  });
  const table = [
    `predictor            ${result.predictor}`,
    `stream               ${result.n} requests (${options.order})`,
    `cold start (first ${result.warmup})  tau ${result.coldStart.kendallTau.toFixed(3)}, p90 coverage ${result.coldStart.p90Coverage.toFixed(3)}`,
    `after warm-up        tau ${result.afterWarmup.kendallTau.toFixed(3)}, p90 coverage ${result.afterWarmup.p90Coverage.toFixed(3)} (n ${result.afterWarmup.n})`,
    'window start   n   tau    p90 cov',
    ...result.windows.map(
      (w) =>
        `${String(w.start).padStart(12)} ${String(w.n).padStart(4)} ${w.kendallTau.toFixed(3).padStart(6)} ${w.p90Coverage.toFixed(3).padStart(8)}`,
    ),
  ].join('\n');
  emit(options, result, table);
}

function runLodo(options: EvalOptions, seed: number): void {
  if (options.train !== undefined || options.test !== undefined || options.model !== undefined)
    throw new CliError('--lodo trains per fold from --data (no --train/--test/--model)');
  const files = list('--data', options.data);
  if (files.length < 2) throw new CliError('--lodo needs at least two files in --data');
  const datasets = new Map(files.map((file) => [file, nonEmpty(readTextDatasets([file]), [file])]));
  // progress on stderr, one step per fold (the training of each fold is the long part)
  const progress = createProgress({
    label: 'predict eval --lodo',
    total: files.length,
    unit: 'folds',
  });
  let fold = 0;
  const result = leaveOneDatasetOut(
    datasets,
    (train) => {
      progress.update(fold++, basename(files[fold - 1] ?? ''));
      return trainPredictorByName(options.predictor, train, { seed });
    },
    { now: () => performance.now(), name: options.predictor },
  );
  progress.stop();
  const table = [
    `predictor ${result.predictor} (leave one dataset out)`,
    'held-out dataset                      n   tau    p90 cov  MAE',
    ...result.perDataset.map(
      (r) =>
        `${basename(r.dataset).slice(0, 34).padEnd(34)} ${String(r.n).padStart(6)} ${r.kendallTau.toFixed(3).padStart(6)} ${r.p90Coverage.toFixed(3).padStart(8)} ${r.maeTokens.toFixed(1).padStart(6)}`,
    ),
    `pooled                             ${String(result.pooled.n).padStart(6)} ${result.pooled.kendallTau.toFixed(3).padStart(6)} ${result.pooled.p90Coverage.toFixed(3).padStart(8)}`,
  ].join('\n');
  emit(options, result, table);
}

function runEval(options: EvalOptions): void {
  const seed = parseSeed(options.seed);
  if (options.online === true && options.lodo === true)
    throw new CliError('use either --online or --lodo');
  if (options.online === true) {
    runOnline(options, seed);
    return;
  }
  if (options.lodo === true) {
    runLodo(options, seed);
    return;
  }
  const { train, test } = loadSplit(options, seed);
  if (test.length === 0) throw new CliError('the test set is empty (check --test or --split)');
  const trainPrompts = new Set(train.map((example) => example.input.prompt));
  const leaked = test.filter((example) => trainPrompts.has(example.input.prompt)).length;
  if (leaked > 0)
    process.stderr.write(
      `llmsched: warning: ${leaked} test examples share a prompt with training\n`,
    );
  let predictor: LengthPredictor;
  if (options.model !== undefined) {
    predictor = loadPredictorModel(options.model);
    for (const example of train) predictor.observe(example.input, example.outputTokens);
  } else {
    if (train.length === 0)
      throw new CliError('the training set is empty (check --train or --split)');
    predictor = trainPredictorByName(options.predictor, train, { seed });
  }
  const result = evaluatePredictor(predictor, test, {
    now: () => performance.now(),
    name: options.model !== undefined ? `learned(${options.model})` : options.predictor,
  });
  process.stdout.write(
    options.json === true ? `${JSON.stringify(result)}\n` : `${formatTable(result)}\n`,
  );
}

interface TrainOptions {
  readonly data?: string;
  readonly out?: string;
  readonly seed: string;
  readonly predictor: string;
}

function runTrain(options: TrainOptions): void {
  const seed = parseSeed(options.seed);
  if (options.out === undefined) throw new CliError('--out FILE is required');
  checkOutputPath('--out', options.out);
  if (options.predictor !== 'learned' && options.predictor !== 'transfer')
    throw new CliError(`--predictor must be learned or transfer, got '${options.predictor}'`);
  const examples = readTextDatasets(list('--data', options.data));
  if (examples.length === 0) throw new CliError('--data holds no examples');
  if (options.predictor === 'transfer') {
    const { model, report } = fitTransferModel(examples, {});
    saveTransferModel(model, options.out);
    process.stdout.write(
      `trained transfer on ${report.examples} examples from ${report.sources} source(s), nested median |residual| ${report.nestedMedianAbsResidual.toFixed(3)} (ln tokens); wrote ${options.out}\n`,
    );
    return;
  }
  const predictor = createLearnedPredictor();
  const report = fitLearnedPredictor(predictor, examples, { seed });
  saveLearnedModel(predictor.state, options.out);
  process.stdout.write(
    `trained on ${report.trained} (+${report.heldOut} held out), temperature ${report.temperature.toFixed(2)}, length-regression weight ${report.stackWeight}, held-out p90 coverage ${report.heldOutCoverage.toFixed(3)}; wrote ${options.out}\n`,
  );
}

export function registerPredict(program: Command): void {
  const predict = program
    .command('predict')
    .description('output-length predictors: evaluate and train');
  predict
    .command('eval')
    .description('train a predictor and score it on held-out prompts (split by prompt)')
    .option('--train <list>', 'comma-separated JSONL files to train on')
    .option('--test <list>', 'comma-separated JSONL files to test on')
    .option('--data <list>', 'JSONL files to split by prompt (with --split)')
    .option('--split <fraction>', 'training share of the prompts with --data', '0.8')
    .option('--predictor <name>', `one of: ${catalogNames.join(', ')}`, 'learned')
    .option('--model <file>', 'a saved learned model (predict train) instead of training')
    .option('--seed <n>', 'seed for the split and training', '1')
    .option('--json', 'one JSON line instead of a table')
    .option('--lodo', 'leave one dataset out: each --data file in turn is the test set')
    .option('--online', 'stream --data: predict each request, then observe its length')
    .option('--order <order>', `stream order with --online: ${orders.join(', ')}`, 'shuffle')
    .option('--window <n>', 'window size of the per-window tau with --online', '200')
    .option('--warmup <n>', 'observations before the after-warm-up score with --online', '200')
    .option('--limit <n>', 'first N requests of the stream with --online')
    .action((options: EvalOptions, command: Command) => {
      if (options.model !== undefined && command.getOptionValueSource('predictor') === 'cli')
        throw new CliError('give --model FILE (a saved predictor) or --predictor NAME, not both');
      runEval(options);
    });
  predict
    .command('train')
    .description('train the learned or transfer predictor and save it as versioned JSON')
    .option('--data <list>', 'comma-separated JSONL files')
    .option('--out <file>', 'model file to write')
    .option('--seed <n>', 'seed', '1')
    .option('--predictor <name>', 'learned or transfer', 'learned')
    .action((options: TrainOptions) => runTrain(options));
}
