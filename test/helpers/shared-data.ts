/**
 * Files of `../shared` (the read-only data beside a CI checkout; a user's clone has none): tests that
 * need one skip with a title saying so.
 */
import { join } from 'node:path';

/** `../shared/<parts>` from the repository root. */
export function sharedPath(...parts: string[]): string {
  return join(import.meta.dirname, '..', '..', '..', 'shared', ...parts);
}
