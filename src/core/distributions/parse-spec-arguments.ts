/**
 * Splits a `name:A,B,C` spec into its numeric arguments, with one clear INPUT_INVALID error
 * naming the spec and the expected form when the count or a number is wrong.
 *
 * @example
 * parseSpecArguments('weibull:0.5,0.5', 'weibull:SHAPE,SCALE', 2); // [0.5, 0.5]
 */

import { SchedulerError } from '../errors.js';

/**
 * Splits a `name:A,B,C` spec into its numeric arguments, with one clear INPUT_INVALID error naming
 * the spec and the expected form when the count or a number is wrong.
 */
export function parseSpecArguments(
  spec: string,
  expectedForm: string,
  count: number,
  optional = 0,
): number[] {
  const colon = spec.indexOf(':');
  const body = colon < 0 ? '' : spec.slice(colon + 1);
  const parts = body === '' ? [] : body.split(',');
  if (parts.length < count - optional || parts.length > count) {
    throw invalidSpec(spec, expectedForm, `expected ${count} argument${count === 1 ? '' : 's'}`);
  }
  return parts.map((part) => {
    const trimmed = part.trim();
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isFinite(value)) {
      throw invalidSpec(spec, expectedForm, `'${trimmed}' is not a finite number`);
    }
    return value;
  });
}

/** The one error shape for a malformed distribution or prediction spec. */
export function invalidSpec(spec: string, expectedForm: string, why: string): SchedulerError {
  return new SchedulerError(
    'INPUT_INVALID',
    `invalid spec '${spec}': ${why} (expected ${expectedForm})`,
  );
}
