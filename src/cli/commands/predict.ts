import type { Command } from 'commander';
import { evaluatePredictor } from '../../predictors/eval/evaluate-predictor.js';
import { catalogNames, trainPredictorByName } from '../../predictors/eval/predictor-catalog.js';
import { splitByPrompt } from '../../predictors/eval/split-by-prompt.js';
import { readTextDatasets, type TextExample } from '../../predictors/eval/text-dataset.js';
import { fitLearnedPredictor } from '../../predictors/learned/fit-learned.js';
import { loadLearnedModel, saveLearnedModel } from '../../predictors/learned/learned-model-file.js';
import { createLearnedPredictor } from '../../predictors/learned/learned-predictor.js';
import type { LengthPredictor } from '../../predictors/predictor.js';
import { CliError } from '../cli-error.js';

/**
 * `llmsched predict eval|train`: output-length predictors on normalized prompt/response JSONL.
 *
 *   llmsched predict eval --train a.jsonl,b.jsonl --test c.jsonl --predictor learned [--seed 1] [--json]
 *   llmsched predict eval --data a.jsonl,b.jsonl --split 0.8 --predictor group-median --json
 *   llmsched predict eval --model model.json --test c.jsonl
 *   llmsched predict train --data a.jsonl,b.jsonl --out model.json
 *
 * Splits are by prompt (seeded hash of the prompt text), never by sample.
 */
interface EvalOptions {
  readonly train?: string;
  readonly test?: string;
  readonly data?: string;
  readonly split?: string;
  readonly predictor: string;
  readonly model?: string;
  readonly seed: string;
  readonly json?: boolean;
}

function list(flag: string, value: string | undefined): string[] {
  const files = (value ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter((file) => file !== '');
  if (files.length === 0) throw new CliError(`${flag} needs a comma-separated list of JSONL files`);
  return files;
}

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0)
    throw new CliError(`--seed must be a non-negative integer, got '${value}'`);
  return seed;
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

function runEval(options: EvalOptions): void {
  const seed = parseSeed(options.seed);
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
    predictor = createLearnedPredictor(loadLearnedModel(options.model));
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

function runTrain(options: { data?: string; out?: string; seed: string }): void {
  const seed = parseSeed(options.seed);
  if (options.out === undefined) throw new CliError('--out FILE is required');
  const examples = readTextDatasets(list('--data', options.data));
  if (examples.length === 0) throw new CliError('--data holds no examples');
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
    .action((options: EvalOptions) => runEval(options));
  predict
    .command('train')
    .description('train the learned predictor and save it as versioned JSON')
    .option('--data <list>', 'comma-separated JSONL files')
    .option('--out <file>', 'model file to write')
    .option('--seed <n>', 'seed', '1')
    .action((options: { data?: string; out?: string; seed: string }) => runTrain(options));
}
