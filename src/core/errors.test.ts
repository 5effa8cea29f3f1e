/**
 * Error codes: every code is documented in docs/errors.md, and unknown names list the known ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorCodes, SchedulerError, unknownName } from './errors.js';

describe('errors', () => {
  it('documents every error code in docs/errors.md', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    for (const code of errorCodes) expect(doc).toContain(`\`${code}\``);
  });

  it('lists the known names for an unknown one', () => {
    const error = unknownName('policy', 'nope', ['fifo', 'sprpt']);
    expect(error).toBeInstanceOf(SchedulerError);
    expect(error.code).toBe('UNKNOWN_NAME');
    expect(error.message).toBe("unknown policy 'nope'; known: fifo, sprpt");
  });
});
