/**
 * The built CLI as a user runs it (`node bin/llmsched.js ...`), for end-to-end tests: one path to the
 * bin, a synchronous run and an asynchronous one (for tests that keep a server in the same process).
 */
import { execFile, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const cliBin = join(repoRoot, 'bin', 'llmsched.js');

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI to its end in a child process (cwd: the repository; 120 s at most). */
export function runCli(args: readonly string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliBin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

/** Like runCli without blocking the event loop; resolves (never rejects) with the exit status. */
export function runCliAsync(args: readonly string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBin, ...args], { cwd: repoRoot }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ status, stdout, stderr });
    });
  });
}
