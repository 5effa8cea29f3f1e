/**
 * vitest global setup: brings dist/ up to date before any test runs, because the CLI tests
 * spawn `bin/llmsched.js` (which runs dist/) and `compare` workers run dist/ JavaScript.
 * Rebuilds (incremental tsc, a few seconds) only when a source file is newer than the last build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const stamp = join(root, 'dist', '.tsbuildinfo');

export default function setup(): void {
  if (existsSync(stamp) && newestSource() <= statSync(stamp).mtimeMs) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0)
    throw new Error(`building dist/ failed:\n${result.stdout}${result.stderr}`);
  const now = new Date();
  utimesSync(stamp, now, now);
}

function newestSource(): number {
  let newest = 0;
  for (const file of ['package.json', 'tsconfig.json', 'tsconfig.build.json'])
    newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.includes('.test'))
        newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, 'src'));
  return newest;
}
