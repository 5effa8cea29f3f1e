/**
 * The documented bounds of CLI counts (README "Limits"): beyond them a run would exhaust memory
 * or run for hours, so the command refuses up front, one line, exit 2.
 *
 * - requests: 10,000,000 per run (a synthetic workload is generated in memory; a trace is cut)
 * - replicas: 1,024 (each simulated replica holds its KV block tables, about 0.7 MB)
 * - jobs: 1,000,000,000 per M/G/1 row (about 1 µs each: minutes, not days)
 * - seeds: integers in [0, 2^32)
 * - --max-model-len: 1 to 100,000,000 tokens (a request longer than that is not a workload)
 */

import { maxTraceRequests } from '../workloads/trace-limits.js';
import { CliError } from './cli-error.js';

/**
 * The documented bounds of CLI counts (README "Limits"): beyond them a run would exhaust memory or
 * run for hours, so the command refuses up front, one line, exit 2.
 */
export const bounds = {
  requests: maxTraceRequests,
  replicas: 1024,
  jobs: 1_000_000_000,
  seed: 0xffffffff,
  modelLen: 100_000_000,
} as const;

/** An integer flag value in [min, max]; one line naming the flag otherwise. */
export function integerFlag(flag: string, value: unknown, min: number, max: number): number {
  const text = String(value);
  const number = Number(text);
  if (typeof value !== 'string' || text.trim() === '' || !Number.isInteger(number)) {
    throw new CliError(`${flag}: expected an integer, got '${text}'`);
  }
  if (number < min || number > max) {
    throw new CliError(`${flag}: expected an integer in [${min}, ${max}], got '${text}'`);
  }
  return number;
}

/** A seed flag: an integer in [0, 2^32). */
export function seedFlag(value: unknown, flag = '--seed'): number {
  return integerFlag(flag, value, 0, bounds.seed);
}

/**
 * A comma-separated list, every item non-empty (`a,,b` and a trailing comma are refused, never
 * silently dropped).
 */
export function listFlag(flag: string, value: unknown): string[] {
  const text = String(value ?? '');
  const items = text.split(',').map((item) => item.trim());
  if (text.trim() === '') throw new CliError(`${flag}: expected a comma-separated list`);
  const empty = items.indexOf('');
  if (empty !== -1) {
    throw new CliError(`${flag}: item ${empty + 1} of '${text}' is empty`);
  }
  return items;
}
