/**
 * A synthetic workload named where a trace path goes: `synthetic:NAME[:param=value,...]`,
 * e.g. `synthetic:bursty:longOutput=64,shortPrompt=16`. `readTrace` generates it.
 */

import { SchedulerError } from '../../core/errors.js';

/**
 * A synthetic workload named where a trace path goes: `synthetic:NAME[:param=value,...]`, e.g.
 * `synthetic:bursty:longOutput=64,shortPrompt=16`.
 */
export interface SyntheticTraceSpec {
  readonly name: string;
  readonly params: Readonly<Record<string, number>>;
}

export const syntheticTracePrefix = 'synthetic:';

/** Parses a `synthetic:` spec, or undefined when `path` is a file path. */
export function parseSyntheticTraceSpec(path: string): SyntheticTraceSpec | undefined {
  if (!path.startsWith(syntheticTracePrefix)) return undefined;
  const [name = '', list = ''] = path.slice(syntheticTracePrefix.length).split(':', 2);
  const params: Record<string, number> = {};
  for (const pair of list.split(',').filter((item) => item !== '')) {
    const [key = '', raw = ''] = pair.split('=', 2);
    const value = Number(raw);
    if (key === '' || raw === '' || !Number.isFinite(value)) {
      throw new SchedulerError('INPUT_INVALID', `${path}: expected param=number, got '${pair}'`);
    }
    params[key] = value;
  }
  return { name, params };
}
