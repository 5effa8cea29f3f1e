/**
 * Checks, before any long work, that an output file can be written: its directory exists and
 * accepts a new file (probed by creating and removing the temporary name the atomic write will
 * use, so permissions, read-only file systems and full disks all show), and the path is not a
 * directory. Throws INPUT_INVALID naming the flag and the path, one line.
 *
 * @example
 * checkOutputPath('--records', 'out/records.jsonl');
 */

import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SchedulerError } from '../core/errors.js';
import { temporaryPath } from './atomic-write.js';

/**
 * Checks, before any long work, that an output file can be written: its directory exists and
 * accepts a new file (probed by creating and removing the temporary name the atomic write will
 * use, so permissions, read-only file systems and full disks all show), and the path is not a
 * directory.
 */
export function checkOutputPath(flag: string, path: string): void {
  const fail = (problem: string): never => {
    throw new SchedulerError('INPUT_INVALID', `${flag} ${path}: ${problem}`);
  };
  if (path.trim() === '') fail('empty path');
  const absolute = resolve(path);
  const dir = dirname(absolute);
  const dirStat = statOrUndefined(dir);
  if (dirStat === undefined) fail(`directory ${dir} does not exist`);
  if (!dirStat?.isDirectory()) fail(`${dir} is not a directory`);
  if (statOrUndefined(absolute)?.isDirectory()) fail('is a directory');
  const probe = temporaryPath(absolute);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // a leftover temporary of this very process id: writable all the same
    if (code !== 'EEXIST') fail(`cannot write there (${describeCode(code)})`);
    return;
  }
  rmSync(probe, { force: true });
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function describeCode(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    default:
      return code ?? 'unknown error';
  }
}
