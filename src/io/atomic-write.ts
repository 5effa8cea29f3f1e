/**
 * Output files appear whole or not at all: `writeFileAtomic` writes a temporary sibling
 * (`.NAME.PID.tmp`, same directory, so the rename never crosses file systems) and renames it over
 * the target. A temporary that exists at the moment of an interrupt is removed by
 * `removePartialOutputs` (the CLI's signal handler calls it), so Ctrl-C never leaves a partial file.
 * A synchronous command has no handler (Ctrl-C must end its loops at once), so the CLI installs a
 * `WriteGuard` (signals.ts) that handles SIGINT/SIGTERM from the first write on: a signal during
 * the write waits for the file to be whole, then ends the process (130/143).
 *
 * @example
 * writeFileAtomic('out/report.json', JSON.stringify(data));
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const pending = new Set<string>();

/** Called before each write; returns the release, run once the write is over (see signals.ts). */
export type WriteGuard = () => () => void;
let guard: WriteGuard | undefined;

/** Installs (or with `undefined` removes) the guard around every atomic write of this process. */
export function setWriteGuard(next: WriteGuard | undefined): void {
  guard = next;
}

/** Test seam: runs between the temporary's write and the rename. */
export interface AtomicWriteHooks {
  readonly beforeRename?: () => void;
}

/** The temporary name `writeFileAtomic` uses for `path`. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  hooks: AtomicWriteHooks = {},
): void {
  const tmp = temporaryPath(path);
  const release = guard?.();
  pending.add(tmp);
  try {
    writeFileSync(tmp, data);
    hooks.beforeRename?.();
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  } finally {
    pending.delete(tmp);
    release?.();
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
