/**
 * Reading and writing predictor model files (JSON), with the errors every kind shares: an
 * unreadable or non-JSON file is MODEL_INVALID naming the file; a failed write is INPUT_INVALID.
 * Each model kind validates its own fields after `readModelJson`.
 */

import { readFileSync } from 'node:fs';
import { SchedulerError } from '../core/errors.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { readErrorReason } from '../io/read-error-reason.js';

export function readModelJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SchedulerError(
      'MODEL_INVALID',
      `cannot read model file ${file} (${readErrorReason(error)})`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new SchedulerError('MODEL_INVALID', `${file}: not a predictor model (not JSON)`);
  }
}

export function writeModelJson(file: string, value: unknown): void {
  try {
    writeFileAtomic(file, `${JSON.stringify(value)}\n`);
  } catch (error) {
    throw new SchedulerError('INPUT_INVALID', `cannot write model file ${file}`, { cause: error });
  }
}
