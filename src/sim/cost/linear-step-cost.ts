/**
 * A cost-model preset loaded from a JSON file: what `llmsched engine profile` writes for
 * "this CPU + this GGUF", and what `simulate --cost-model FILE.json` reads. Schema (all times in
 * SECONDS; absent coefficients are 0):
 *
 *   {
 *     "name": "cpu-tinyllama-q4",
 *     "kind": "linear-step",
 *     "coefficients": {
 *       "base": 0.002,                 // per step
 *       "perPrefillToken": 0.0004,     // per prompt token computed
 *       "perDecodeToken": 0.001,       // per decoding sequence
 *       "perDecodeContextToken": 1e-7, // per KV token read by decodes (Σ ctx)
 *       "perPrefillAttention": 1e-9,   // per unit of Σ t_i (c_i + t_i / 2)
 *       "perSequence": 0.0001          // per sequence in the batch
 *     },
 *     "kvCapacityTokens": 8192,        // optional; default 2^20
 *     "blockSize": 16,                 // optional; default 16
 *     "swapSecondsPerBlock": 0         // optional
 *   }
 *
 * step = base + perPrefillToken·Σt + perDecodeToken·decodes + perDecodeContextToken·Σctx
 *        + perPrefillAttention·Σt(c + t/2) + perSequence·(prefills + decodes)
 */

import { readFileSync } from 'node:fs';
import { SchedulerError } from '../../core/errors.js';
import type { CostModel, EngineProfile } from './cost-model.js';

/** The coefficients of a linear step cost: a fixed cost per step plus costs per token. */
export interface LinearStepCoefficients {
  readonly base: number;
  readonly perPrefillToken: number;
  readonly perDecodeToken: number;
  readonly perDecodeContextToken: number;
  readonly perPrefillAttention: number;
  readonly perSequence: number;
}

export interface LinearStepPreset {
  readonly name: string;
  readonly kind: 'linear-step';
  readonly coefficients: Partial<LinearStepCoefficients>;
  readonly kvCapacityTokens?: number;
  readonly blockSize?: number;
  readonly swapSecondsPerBlock?: number;
}

/** The coefficients of a linear-step preset, in feature order (the engine's fit uses the same order). */
export const coefficientNames: readonly (keyof LinearStepCoefficients)[] = [
  'base',
  'perPrefillToken',
  'perDecodeToken',
  'perDecodeContextToken',
  'perPrefillAttention',
  'perSequence',
];

export function createLinearStepCost(preset: LinearStepPreset): CostModel {
  const c = preset.coefficients;
  const base = c.base ?? 0;
  const prefill = c.perPrefillToken ?? 0;
  const decode = c.perDecodeToken ?? 0;
  const context = c.perDecodeContextToken ?? 0;
  const attention = c.perPrefillAttention ?? 0;
  const sequence = c.perSequence ?? 0;
  return {
    name: `linear-step:${preset.name}`,
    stepSeconds(batch) {
      if (batch.prefillTokens + batch.decodeSeqs === 0) return 0;
      return (
        base +
        prefill * batch.prefillTokens +
        decode * batch.decodeSeqs +
        context * batch.decodeContext +
        attention * batch.prefillAttention +
        sequence * (batch.prefillSeqs + batch.decodeSeqs)
      );
    },
  };
}

/** Validates a parsed JSON value as a LinearStepPreset; `where` names the file in errors. */
export function parseLinearStepPreset(value: unknown, where: string): LinearStepPreset {
  const fail = (field: string, why: string): never => {
    throw new SchedulerError('CONFIG_INVALID', `${where}: field '${field}' ${why}`);
  };
  if (typeof value !== 'object' || value === null) return fail('(root)', 'must be an object');
  const record = value as Record<string, unknown>;
  if (typeof record['name'] !== 'string') fail('name', 'must be a string');
  if (record['kind'] !== 'linear-step') fail('kind', "must be 'linear-step'");
  const coefficients = record['coefficients'];
  if (typeof coefficients !== 'object' || coefficients === null)
    fail('coefficients', 'must be an object');
  const parsed: Partial<Record<keyof LinearStepCoefficients, number>> = {};
  for (const [key, raw] of Object.entries(coefficients as Record<string, unknown>)) {
    if (!(coefficientNames as readonly string[]).includes(key)) {
      fail(`coefficients.${key}`, `is unknown (known: ${coefficientNames.join(', ')})`);
    }
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0) {
      fail(`coefficients.${key}`, 'must be a finite number >= 0');
    }
    parsed[key as keyof LinearStepCoefficients] = raw as number;
  }
  const optionalNumber = (field: string): number | undefined => {
    const raw = record[field];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0)
      fail(field, 'must be a number >= 0');
    return raw as number;
  };
  const kv = optionalNumber('kvCapacityTokens');
  const blockSize = optionalNumber('blockSize');
  const swap = optionalNumber('swapSecondsPerBlock');
  return {
    name: record['name'] as string,
    kind: 'linear-step',
    coefficients: parsed,
    ...(kv !== undefined ? { kvCapacityTokens: kv } : {}),
    ...(blockSize !== undefined ? { blockSize } : {}),
    ...(swap !== undefined ? { swapSecondsPerBlock: swap } : {}),
  };
}

/** Reads a linear-step JSON preset into an engine profile. */
export function loadLinearStepProfile(path: string): EngineProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SchedulerError('CONFIG_INVALID', `cost model file '${path}' cannot be read`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `${path}: not valid JSON (${(error as Error).message})`,
    );
  }
  const preset = parseLinearStepPreset(json, path);
  const blockSize = preset.blockSize ?? 16;
  return {
    cost: createLinearStepCost(preset),
    kvBlocks: Math.floor((preset.kvCapacityTokens ?? 2 ** 20) / blockSize),
    blockSize,
    swapSecondsPerBlock: preset.swapSecondsPerBlock ?? 0,
    description: `linear-step preset '${preset.name}' from ${path}`,
  };
}
