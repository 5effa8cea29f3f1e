/**
 * Helpers for benchmarks that time whole processes: wall time of one run, min/median of several,
 * and replacing a marked section of a markdown file.
 *
 * @example
 * const run = timeProcess(process.execPath, ['bin/llmsched.js', '--help']); // { seconds, stdout }
 */
import { spawnSync } from 'node:child_process';
import { writeMarkedSection } from '../scripts/lib/marked-section.js';

export interface TimedRun {
  readonly seconds: number;
  readonly stdout: string;
}

/** Runs `command args` to completion; throws with its stderr if it fails. */
export function timeProcess(command: string, args: readonly string[], cwd?: string): TimedRun {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', cwd, maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

export interface Spread {
  readonly min: number;
  readonly median: number;
}

export function spread(times: readonly number[]): Spread {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    min: sorted[0] as number,
    median: sorted[Math.floor((sorted.length - 1) / 2)] as number,
  };
}

/** Replaces the text between `<!-- name:begin -->` and `<!-- name:end -->` (appends a section if absent). */
export function writeSection(file: string, name: string, heading: string, body: string): void {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  writeMarkedSection(file, { begin, end, body: body.trimEnd(), heading });
}
