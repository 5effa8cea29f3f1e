/**
 * `llmsched queueing` rows (without `--table`): parses the flags, evaluates every
 * (lambda, policy, method) row by formula or simulation, prints a table or one JSON object.
 * Also the flag parsers and text helpers `queueing-table.ts` shares.
 *
 * @example
 * runRows({ service: 'exp', prediction: 'exp', policies: 'fifo', lambdas: '0.5', method: 'analytic', ... });
 */

import { readFileSync } from 'node:fs';
import type { Distribution } from '../../core/distributions/distribution.js';
import { parseDistribution } from '../../core/distributions/parse-distribution.js';
import {
  createRankPolicy,
  isRankPolicyName,
  rankPolicies,
  rankPolicyNames,
} from '../../policies/registry.js';
import type {
  EvaluationMethod,
  EvaluationRequest,
  EvaluationRow,
} from '../../queueing/analytic/evaluate-policy.js';
import type { PredictionModel } from '../../queueing/prediction-model.js';
import { parsePredictionModel } from '../../queueing/prediction-models/parse-prediction-model.js';
import { bounds, integerFlag } from '../bounds.js';
import { CliError } from '../cli-error.js';
import { createProgress } from '../progress.js';
import type { QueueingFlags } from './queueing.js';

/**
 * `llmsched queueing` rows (without `--table`): parses the flags, evaluates every (lambda, policy,
 * method) row by formula or simulation, prints a table or one JSON object.
 */
export async function runRows(flags: QueueingFlags): Promise<void> {
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
  const evaluate = await evaluator(methods, policies);
  const rows: EvaluationRow[] = [];
  // Progress on stderr: simulated jobs when any row simulates (a long single run reports from
  // inside, every 65536 jobs), else rows.
  const simulating = methods.includes('sim');
  const progress = createProgress({
    label: 'queueing',
    total: lambdas.length * policies.length * (simulating ? jobs : methods.length),
    unit: simulating ? 'jobs' : 'rows',
  });
  let done = 0;
  for (const lambda of lambdas) {
    for (const policy of policies) {
      for (const method of methods) {
        const label = `${policy} lambda ${lambda} ${method}`;
        const before = done;
        if (!simulating) progress.tick(label);
        rows.push(
          evaluate({
            policy,
            method,
            lambda,
            service,
            prediction,
            params,
            threshold,
            jobs,
            seed,
            onProgress: (arrived) => progress.update(before + arrived, label),
          }),
        );
        if (method === 'sim') {
          done += jobs;
          progress.update(done, label);
        }
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

/**
 * `evaluatePolicy`, or for simulation-only runs without 1-bit policies the simulated row alone
 * (`simulateRow`), which does not load the analytic formulas (a faster start).
 */
async function evaluator(
  methods: readonly EvaluationMethod[],
  policies: readonly string[],
): Promise<(request: EvaluationRequest) => EvaluationRow> {
  const { isOneBitPolicy, simulateRow } = await import('../../queueing/simulate-row.js');
  if (methods.every((method) => method === 'sim') && !policies.some(isOneBitPolicy)) {
    return (request) => simulateRow(request, null);
  }
  return (await import('../../queueing/analytic/evaluate-policy.js')).evaluatePolicy;
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
export function parseJobs(text: string): number {
  return integerFlag('--jobs', text, 1, bounds.jobs);
}

export function parseSeed(text: string): number {
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

export function format(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1000 || magnitude < 0.001 ? value.toExponential(3) : value.toFixed(4);
}

export function alignColumns(rows: readonly (readonly string[])[]): string {
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
