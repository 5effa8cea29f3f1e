/**
 * Runs one `llmsched` command line in this process and returns its exit code: 0 on success,
 * 2 for a user mistake (CliError, SchedulerError, commander's own message, a file-system error
 * such as EACCES), each printed as ONE stderr line `llmsched: ...`, never a stack trace.
 * Anything else is a bug and propagates (with its stack). main.ts calls it; the bad-input test
 * suite calls it in-process (fast: no process per case).
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */

import { CommanderError } from 'commander';
import { SchedulerError } from '../core/errors.js';
import { CliError } from './cli-error.js';
import { commandToLoad, createProgram } from './program.js';

/**
 * Runs one `llmsched` command line in this process and returns its exit code: 0 on success, 2 for
 * a user mistake (CliError, SchedulerError, commander's own message, a file-system error such as
 * EACCES), each printed as ONE stderr line `llmsched: ...`, never a stack trace.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    const selected = commandToLoad(args);
    const program = await createProgram((name) => name === selected);
    await program.parseAsync([...args], { from: 'user' });
    return 0;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander printed its message already (one line, see program.ts), or help / version text
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError || error instanceof SchedulerError) {
    process.stderr.write(`llmsched: ${oneLine(error.message)}\n`);
    return 2;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    process.stderr.write(`llmsched: ${oneLine(error.message)}\n`);
    return 2;
  }
  throw error;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
