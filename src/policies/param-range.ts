/**
 * Validates a numeric policy parameter against a closed range; throws CONFIG_INVALID naming the
 * policy and the parameter (a user mistake, reported in one line).
 *
 * @example
 * const c = paramInRange('trail', 'c', param(params, specs, 'c'), 0, 1);
 */

import { SchedulerError } from '../core/errors.js';

/**
 * Validates a numeric policy parameter against a closed range; throws CONFIG_INVALID naming the
 * policy and the parameter (a user mistake, reported in one line).
 */
export function paramInRange(
  policy: string,
  name: string,
  value: number,
  min: number,
  max: number,
): number {
  if (!Number.isFinite(value) || value < min || value > max) {
    const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new SchedulerError(
      'CONFIG_INVALID',
      `policy '${policy}': parameter '${name}' must be ${range}, got ${value}`,
    );
  }
  return value;
}
