/**
 * The error a rank policy throws when an executor did not supply a field the policy declared in
 * `needs` (an executor bug or a mis-configured run, never a silent default).
 *
 * @example
 * if (job.predictedSize === undefined) throw missingField('spjf', 'predictedSize');
 */

import { SchedulerError } from '../core/errors.js';
import type { JobField } from '../core/job-view.js';

/**
 * The error a rank policy throws when an executor did not supply a field the policy declared in
 * `needs` (an executor bug or a mis-configured run, never a silent default).
 */
export function missingField(policy: string, field: JobField): SchedulerError {
  return new SchedulerError(
    'INPUT_INVALID',
    `policy '${policy}' needs the job field '${field}', which the executor did not supply`,
  );
}
