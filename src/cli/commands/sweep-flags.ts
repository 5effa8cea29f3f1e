/**
 * The simulate options that `compare` and `capacity` share (issue [B] CLI contract), their
 * parsing, and the one-line errors for bad values (exit 2).
 */

import type { Command } from 'commander';
import { parseSloMix } from '../../workloads/slo-mix.js';
import { parseTraceFormatOption } from '../../workloads/trace-format.js';
import { bounds, integerFlag, listFlag, seedFlag } from '../bounds.js';
import { CliError } from '../cli-error.js';

/**
 * The simulation flags `compare` and `capacity` share (trace, model, GPU, cost model, replicas,
 * ...).
 */
export interface SimulationFlags {
  readonly trace: string;
  readonly format: string;
  readonly model: string;
  readonly gpu: string;
  readonly costModel: string;
  readonly replicas: number;
  readonly router: string;
  /** Absent: the simulator's default (oracle when the policy needs predictions). */
  readonly predictor?: string;
  readonly requests?: number;
  readonly seed: number;
  readonly sloTtft?: number;
  readonly sloTbt?: number;
  /** `--slo-mix class:share,...`: per-request SLO classes drawn from a mix (workloads/slo-mix.ts). */
  readonly sloMix?: string;
  /** `--params k=v,...`: numeric policy parameters (e.g. slai mergePrefills=1). */
  readonly params?: Readonly<Record<string, number>>;
  /** `--chunk-size N`: the token budget of sarathi, rad, slai and sglang-* (their default: 512). */
  readonly chunkSize?: number;
  readonly cv?: number;
  /**
   * `--max-model-len N`: the longest request (prompt + output) the run accepts; absent: the
   * model preset's context (request-fit.ts checks it up front).
   */
  readonly maxModelLen?: number;
}

export function addSimulationFlags(command: Command): Command {
  return command
    .requiredOption(
      '--trace <path>',
      'trace file (Azure CSV, Mooncake JSONL, lengths CSV, llmsched JSONL) or synthetic:NAME',
    )
    .option('--format <format>', 'auto|azure|mooncake|lengths|jsonl', 'auto')
    .option('--model <name>', 'model preset', 'llama-3-8b')
    .option('--gpu <name>', 'GPU preset', 'h100')
    .option('--cost-model <name>', 'default|tiled|blackbox|roofline|FILE.json', 'default')
    .option('--replicas <n>', 'engine replicas behind the router', '1')
    .option('--router <name>', 'router for several replicas', 'least-outstanding')
    .option(
      '--predictor <spec>',
      'oracle|noisy:lognormal:SIGMA|... (default: oracle when the policy needs one)',
    )
    .option('--requests <n>', 'take the first N requests of the trace')
    .option('--seed <s>', 'seed', '0')
    .option('--slo-ttft <seconds>', 'TTFT target')
    .option('--slo-tbt <seconds>', 'TBT target')
    .option(
      '--slo-mix <mix>',
      'per-request SLO classes drawn from a mix, e.g. strict:0.05,relaxed:0.95 (interactive, standard, strict, relaxed, batch)',
    )
    .option('--params <k=v,...>', 'numeric policy parameters, e.g. mergePrefills=1 (slai)')
    .option(
      '--chunk-size <n>',
      'token budget per step of sarathi, rad, slai, sglang-* (default 512)',
    )
    .option('--cv <cv>', 'inter-arrival CV for length-only / synthetic traces (1 = Poisson)')
    .option(
      '--max-model-len <n>',
      "longest request (prompt + output tokens) accepted, as vLLM's flag; default the model's context",
    );
}

type RawFlags = Readonly<Record<string, unknown>>;

/** Parses the shared flags from commander's option values. */
export function parseSimulationFlags(raw: RawFlags): SimulationFlags {
  const format = text(raw, 'format', 'auto');
  try {
    parseTraceFormatOption(format);
  } catch (error) {
    throw new CliError(`--format: ${(error as Error).message}`);
  }
  const requests =
    raw['requests'] === undefined
      ? undefined
      : integerFlag('--requests', raw['requests'], 1, bounds.requests);
  const sloTtft = optionalNumber(raw, 'sloTtft', '--slo-ttft', { positive: true });
  const sloTbt = optionalNumber(raw, 'sloTbt', '--slo-tbt', { positive: true });
  const cv = optionalNumber(raw, 'cv', '--cv', { positive: true });
  const sloMix = typeof raw['sloMix'] === 'string' ? raw['sloMix'] : undefined;
  const chunkSize =
    raw['chunkSize'] === undefined
      ? undefined
      : integerFlag('--chunk-size', raw['chunkSize'], 1, bounds.modelLen);
  const maxModelLen =
    raw['maxModelLen'] === undefined
      ? undefined
      : integerFlag('--max-model-len', raw['maxModelLen'], 1, bounds.modelLen);
  if (sloMix !== undefined) {
    try {
      parseSloMix(sloMix);
    } catch (error) {
      throw new CliError((error as Error).message);
    }
  }
  return {
    trace: text(raw, 'trace', ''),
    format,
    model: text(raw, 'model', 'llama-3-8b'),
    gpu: text(raw, 'gpu', 'h100'),
    costModel: text(raw, 'costModel', 'default'),
    replicas:
      raw['replicas'] === undefined
        ? 1
        : integerFlag('--replicas', raw['replicas'], 1, bounds.replicas),
    router: text(raw, 'router', 'least-outstanding'),
    seed: raw['seed'] === undefined ? 0 : seedFlag(raw['seed']),
    ...(typeof raw['predictor'] === 'string' ? { predictor: raw['predictor'] } : {}),
    ...(requests === undefined ? {} : { requests }),
    ...(sloTtft === undefined ? {} : { sloTtft }),
    ...(sloTbt === undefined ? {} : { sloTbt }),
    ...(sloMix === undefined ? {} : { sloMix }),
    ...(typeof raw['params'] === 'string' ? { params: parseParams(raw['params']) } : {}),
    ...(chunkSize === undefined ? {} : { chunkSize }),
    ...(cv === undefined ? {} : { cv }),
    ...(maxModelLen === undefined ? {} : { maxModelLen }),
  };
}

/** The batch-policy options the flags set (`--params`, `--chunk-size`). */
export function policyOptionsOf(flags: SimulationFlags): {
  readonly params?: Readonly<Record<string, number>>;
  readonly chunkSize?: number;
} {
  return {
    ...(flags.params === undefined ? {} : { params: flags.params }),
    ...(flags.chunkSize === undefined ? {} : { chunkSize: flags.chunkSize }),
  };
}

/** `k=v,...` with numeric values (`--params`). */
export function parseParams(value: string): Record<string, number> {
  const params: Record<string, number> = {};
  for (const item of value.split(',')) {
    const [key, text, extra] = item.trim().split('=');
    const number = Number(text);
    if (
      !key ||
      text === undefined ||
      extra !== undefined ||
      text.trim() === '' ||
      !Number.isFinite(number)
    ) {
      throw new CliError(`--params: expected NAME=NUMBER, got '${item.trim()}'`);
    }
    if (Object.hasOwn(params, key)) throw new CliError(`--params: '${key}' is given twice`);
    params[key] = number;
  }
  return params;
}

/** A comma-separated list of positive numbers (`--rates 1,2,4`). */
export function parseNumberList(value: string, flag: string): number[] {
  return listFlag(flag, value).map((item) => {
    const number = Number(item);
    if (!Number.isFinite(number) || number <= 0) {
      throw new CliError(`${flag}: expected positive numbers, got '${item}'`);
    }
    return number;
  });
}

/** A comma-separated list of names (`--policies vllm-fcfs,sprpt`), empty items and duplicates rejected. */
export function parseNameList(value: string, flag: string): string[] {
  const items = listFlag(flag, value);
  const duplicate = items.find((item, i) => items.indexOf(item) !== i);
  if (duplicate !== undefined) throw new CliError(`${flag}: '${duplicate}' is listed twice`);
  return items;
}

function text(raw: RawFlags, key: string, fallback: string): string {
  const value = raw[key];
  return typeof value === 'string' ? value : fallback;
}

export function optionalNumber(
  raw: RawFlags,
  key: string,
  flag: string,
  rules: { readonly integer?: boolean; readonly min?: number; readonly positive?: boolean },
): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  const number = Number(value);
  const bad =
    typeof value !== 'string' ||
    value.trim() === '' ||
    !Number.isFinite(number) ||
    (rules.integer === true && !Number.isInteger(number)) ||
    (rules.min !== undefined && number < rules.min) ||
    (rules.positive === true && number <= 0);
  if (bad) {
    const kind = rules.integer
      ? `an integer >= ${rules.min ?? 0}`
      : rules.positive
        ? 'a positive number'
        : 'a number';
    throw new CliError(`${flag}: expected ${kind}, got '${String(value)}'`);
  }
  return number;
}

/** The `--max-model-len` check's options (request-fit.ts) from the shared flags. */
export function modelLenOptions(
  flags: SimulationFlags,
  trace: string,
): { model: string; maxModelLen?: number; trace: string } {
  return {
    model: flags.model,
    trace,
    ...(flags.maxModelLen === undefined ? {} : { maxModelLen: flags.maxModelLen }),
  };
}
