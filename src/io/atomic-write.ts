import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Output files appear whole or not at all: `writeFileAtomic` writes a temporary sibling
 * (`.NAME.PID.tmp`, same directory, so the rename never crosses file systems) and renames it over
 * the target. A temporary that exists at the moment of an interrupt is removed by
 * `removePartialOutputs` (the CLI's signal handler calls it), so Ctrl-C never leaves a partial file.
 *
 * @example
 * writeFileAtomic('out/report.json', JSON.stringify(data));
 */
const pending = new Set<string>();

/** The temporary name `writeFileAtomic` uses for `path`. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = temporaryPath(path);
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    pending.delete(tmp);
  }
}

/** Removes the temporaries of writes in progress (for signal handlers; never throws). */
export function removePartialOutputs(): void {
  for (const tmp of pending) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // best effort: the process is exiting
    }
  }
  pending.clear();
}
