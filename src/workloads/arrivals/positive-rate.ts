/** Checks a rate (or CV, period...) is a finite positive number; INPUT_INVALID naming it otherwise. */

import { SchedulerError } from '../../core/errors.js';

/** Checks a rate (or CV, period...) is a finite positive number; INPUT_INVALID naming it otherwise. */
export function positiveRate(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new SchedulerError('INPUT_INVALID', `${name} must be a positive number, got ${value}`);
  }
  return value;
}
