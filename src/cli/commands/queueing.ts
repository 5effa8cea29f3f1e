import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Distribution } from '../../core/distributions/distribution.js';
import {
  distributionForms,
  parseDistribution,
} from '../../core/distributions/parse-distribution.js';
import {
  createRankPolicy,
  isRankPolicyName,
  rankPolicies,
  rankPolicyNames,
} from '../../policies/registry.js';
import {
  type EvaluationMethod,
  type EvaluationRow,
  evaluatePolicy,
} from '../../queueing/analytic/evaluate-policy.js';
import {
  type ReproducedTable,
  reproduceSurveyTable,
} from '../../queueing/analytic/reproduce-survey-table.js';
import { surveyTables } from '../../queueing/analytic/survey-tables.js';
import type { PredictionModel } from '../../queueing/prediction-model.js';
import {
  parsePredictionModel,
  predictionModelForms,
} from '../../queueing/prediction-models/parse-prediction-model.js';
import { bounds, integerFlag } from '../bounds.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../progress.js';

/**
 * `llmsched queueing`: the M/G/1 lab. Mean response time of registry policies under any service
 * distribution and prediction model, by formula (`--method analytic`), by event simulation
 * (`--method sim`, batch-means 95% CI) or both; `--table 1|2|3` reproduces the survey's tables
 * next to the printed values. With `--json` prints one JSON object.
 *
 * @example
 * llmsched queueing --service exp --prediction exp --policies fifo,sprpt --lambdas 0.5,0.9 --method both --json
 */
interface QueueingFlags {
  readonly service: string;
  readonly prediction: string;
  readonly policies: string;
  readonly lambdas: string;
  readonly method: string;
  readonly threshold: string;
  readonly jobs: string;
  readonly seed: string;
  readonly param: readonly string[];
  readonly table?: string;
  readonly json?: boolean;
}

export function registerQueueing(program: Command): void {
  program
    .command('queueing')
    .description('M/G/1 scheduling with predicted job sizes: formulas and simulation')
    .option('--service <spec>', `service distribution: ${distributionForms.join(' | ')}`, 'exp')
    .option('--prediction <spec>', `prediction model: ${predictionModelForms.join(' | ')}`, 'exp')
    .option(
      '--policies <list>',
      'comma-separated registry policy names',
      'fifo,sjf,spjf,srpt,sprpt',
    )
    .option('--lambdas <list>', 'comma-separated arrival rates (> 0)', '0.5')
    .option('--method <method>', 'analytic | sim | both', 'analytic')
    .option(
      '--threshold <T>',
      '1-bit threshold: optimal (per lambda, analytic) or a number',
      'optimal',
    )
    .option('--jobs <n>', 'simulated jobs per row', '200000')
    .option('--seed <s>', 'simulation seed (integer >= 0)', '1')
    .option('--param <name=value>', 'policy parameter, repeatable (e.g. c=0.5)', collect, [])
    .option('--table <n>', "reproduce the survey's table 1, 2 or 3")
    .option('--json', 'print one JSON object')
    .action((flags: QueueingFlags) => {
      if (flags.table !== undefined) runTable(flags);
      else runRows(flags);
    });
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

function runRows(flags: QueueingFlags): void {
  const service = parseService(flags.service);
  const prediction = parsePrediction(flags.prediction);
  const policies = parsePolicies(flags.policies);
  const lambdas = parseList(flags.lambdas, '--lambdas').map((text) => {
    const value = Number(text);
    if (!(Number.isFinite(value) && value > 0)) {
      throw new CliError(`--lambdas: '${text}' is not a finite number > 0`);
    }
    return value;
  });
  const methods = parseMethod(flags.method);
  const threshold = parseThreshold(flags.threshold);
  const jobs = parseJobs(flags.jobs);
  const seed = parseSeed(flags.seed);
  const params = parseParams(flags.param, policies);
  for (const policy of policies) createRankPolicy(policy, declaredParams(policy, params));
  const rows: EvaluationRow[] = [];
  const progress = createProgress({
    label: 'queueing',
    total: lambdas.length * policies.length * methods.length,
    unit: 'rows',
  });
  for (const lambda of lambdas) {
    for (const policy of policies) {
      for (const method of methods) {
        progress.tick(`${policy} lambda ${lambda} ${method}`);
        rows.push(
          evaluatePolicy({
            policy,
            method,
            lambda,
            service,
            prediction,
            params,
            threshold,
            jobs,
            seed,
          }),
        );
      }
    }
  }
  progress.stop();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ rows })}\n`);
    return;
  }
  process.stdout.write(
    `service ${service.spec} (E[S] = ${format(service.mean)}), prediction ${prediction.spec}\n`,
  );
  if (methods.includes('sim') && threshold === 'optimal') {
    process.stdout.write('sim rows of 1-bit policies use the analytic optimal T\n');
  }
  const header = ['policy', 'lambda', 'method', 'E[T]', 'ci95', 'T', 'note'];
  const body = rows.map((row) => [
    row.policy,
    String(row.lambda),
    row.method,
    row.meanResponseTime === null ? '-' : format(row.meanResponseTime),
    row.ci95 === null ? '' : `±${format(row.ci95)}`,
    row.threshold === null ? '' : format(row.threshold),
    row.note ?? '',
  ]);
  process.stdout.write(alignColumns([header, ...body]));
}

function runTable(flags: QueueingFlags): void {
  const id = Number(flags.table);
  if (id !== 1 && id !== 2 && id !== 3)
    throw new CliError(`--table: '${flags.table}' must be 1, 2 or 3`);
  const jobs = parseJobs(flags.jobs);
  const seed = parseSeed(flags.seed);
  const table = surveyTables[id];
  const progress = createProgress({
    label: `queueing --table ${id}`,
    total: table.lambdas.length * table.policies.length,
    unit: 'cells',
  });
  const result = reproduceSurveyTable(id, {
    jobs,
    seed,
    onCell: (cell) => progress.tick(`${cell.policy} lambda ${cell.lambda}`),
  });
  progress.stop();
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(tableJson(result))}\n`);
    return;
  }
  process.stdout.write(renderTable(result));
}

function tableJson(result: ReproducedTable): unknown {
  const { table } = result;
  return {
    table: table.id,
    title: table.title,
    service: table.service,
    prediction: table.prediction,
    policies: table.policies,
    rows: result.cells.flat().map((cell) => ({
      policy: cell.policy,
      lambda: cell.lambda,
      analytic: cell.analytic.meanResponseTime,
      threshold: cell.analytic.threshold,
      sim: cell.sim?.meanResponseTime ?? null,
      ci95: cell.sim?.ci95 ?? null,
      survey: cell.survey,
      relativeDiff: relativeDiff(cell.sim ?? cell.analytic, cell.survey),
    })),
  };
}

function relativeDiff(row: EvaluationRow | null, survey: number | null): number | null {
  const ours = row?.meanResponseTime ?? null;
  return ours === null || survey === null ? null : ours / survey - 1;
}

/** Text rendering: one line per lambda; each cell "ours | survey | diff%" (or analytic / sim). */
export function renderTable(result: ReproducedTable): string {
  const { table } = result;
  const lines = [`${table.title}`];
  if (table.printed.length > 0) {
    lines.push(
      `each cell: ours (${table.method === 'sim' ? 'simulated ±95% CI; FIFO: P-K formula' : 'analytic'}) | survey as printed | relative diff`,
    );
  } else {
    lines.push('each cell: analytic | simulated ±95% CI (no reference values: held-out table)');
  }
  const header = ['lambda', ...table.headers];
  const body = result.cells.map((row, index) => [
    String(table.lambdas[index]),
    ...row.map((cell) => {
      const analytic = cell.analytic.meanResponseTime;
      const sim = cell.sim?.meanResponseTime ?? null;
      const simText = sim === null ? '-' : `${format(sim)}±${format(cell.sim?.ci95 ?? 0)}`;
      if (cell.survey === null) return `${analytic === null ? '-' : format(analytic)} | ${simText}`;
      const simulated = table.method === 'sim' && cell.sim !== null;
      const diff = relativeDiff(simulated ? cell.sim : cell.analytic, cell.survey);
      const oursText = simulated ? simText : analytic === null ? '-' : format(analytic);
      const surveyText = cell.survey.toFixed(table.id === 1 ? 4 : 3);
      const diffText =
        diff === null ? '-' : `${(Math.abs(diff) < 5e-6 ? 0 : diff * 100).toFixed(2)}%`;
      return `${oursText} | ${surveyText} | ${diffText}`;
    }),
  ]);
  lines.push(alignColumns([header, ...body]).trimEnd());
  const thresholds = result.cells.map((row) =>
    row
      .filter((cell) => cell.analytic.threshold !== null)
      .map((cell) => `${cell.policy} ${format(cell.analytic.threshold ?? 0)}`)
      .join(', '),
  );
  if (thresholds.some((text) => text !== '')) {
    lines.push('optimal T (analytic; also used by the simulation):');
    thresholds.forEach((text, index) => {
      lines.push(`  lambda ${table.lambdas[index]}: ${text}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

function parseService(spec: string): Distribution {
  return parseDistribution(spec, { readValues: readNumbers });
}

function parsePrediction(spec: string): PredictionModel {
  return parsePredictionModel(spec);
}

/** Reads one number per line (a non-numeric first line is taken as a header and skipped). */
function readNumbers(path: string): number[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new CliError(`--service empirical:${path}: cannot read the file`);
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const values: number[] = [];
  lines.forEach((line, index) => {
    if (line === '') return;
    const value = Number(line);
    if (Number.isNaN(value) && index === 0) return;
    if (!Number.isFinite(value)) {
      throw new CliError(`--service empirical:${path}: line ${index + 1} is not a number`);
    }
    values.push(value);
  });
  return values;
}

function parseList(text: string, flag: string): string[] {
  const items = text.split(',').map((item) => item.trim());
  if (items.some((item) => item === '')) throw new CliError(`${flag}: empty item in '${text}'`);
  return items;
}

function parsePolicies(text: string): string[] {
  const names = parseList(text, '--policies');
  for (const name of names) {
    if (!isRankPolicyName(name)) {
      throw new CliError(
        `--policies: unknown policy '${name}'; known: ${rankPolicyNames.join(', ')}`,
      );
    }
  }
  return names;
}

function parseMethod(text: string): EvaluationMethod[] {
  switch (text) {
    case 'analytic':
      return ['analytic'];
    case 'sim':
      return ['sim'];
    case 'both':
      return ['analytic', 'sim'];
    default:
      throw new CliError(`--method: '${text}' must be analytic, sim or both`);
  }
}

function parseThreshold(text: string): number | 'optimal' {
  if (text === 'optimal') return 'optimal';
  const value = Number(text);
  if (text.trim() === '' || !(Number.isFinite(value) && value >= 0)) {
    throw new CliError(`--threshold: '${text}' must be 'optimal' or a number >= 0`);
  }
  return value;
}

/** `--jobs`: at most `bounds.jobs` (1e9, minutes of simulation; more would run for hours). */
function parseJobs(text: string): number {
  return integerFlag('--jobs', text, 1, bounds.jobs);
}

function parseSeed(text: string): number {
  const value = Number(text);
  if (!(Number.isSafeInteger(value) && value >= 0 && value <= 0xffffffff)) {
    throw new CliError(`--seed: '${text}' must be an integer in [0, 2^32)`);
  }
  return value;
}

/** `name=value` pairs; each name must be declared by at least one listed policy. */
function parseParams(
  pairs: readonly string[],
  policies: readonly string[],
): Record<string, number> {
  const params: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z][\w-]*)=(.+)$/.exec(pair.trim());
    const name = match?.[1];
    const value = Number(match?.[2]);
    if (!name || !Number.isFinite(value)) {
      throw new CliError(`--param: '${pair}' must be name=number`);
    }
    const declared = policies.some(
      (policy) =>
        isRankPolicyName(policy) && rankPolicies[policy].params.some((spec) => spec.name === name),
    );
    if (!declared) {
      throw new CliError(
        `--param: no listed policy takes '${name}' (policies: ${policies.join(', ')})`,
      );
    }
    params[name] = value;
  }
  return params;
}

/** The subset of `params` that `policy` declares (validated by the registry's factory). */
function declaredParams(policy: string, params: Record<string, number>): Record<string, number> {
  if (!isRankPolicyName(policy)) return {};
  const names = rankPolicies[policy].params.map((spec) => spec.name);
  return Object.fromEntries(Object.entries(params).filter(([name]) => names.includes(name)));
}

function format(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1000 || magnitude < 0.001 ? value.toExponential(3) : value.toFixed(4);
}

function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row
        .map((cell, index) => cell.padEnd(widths[index] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
