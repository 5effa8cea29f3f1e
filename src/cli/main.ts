import { CommanderError } from 'commander';
import { SchedulerError } from '../core/errors.js';
import { CliError } from './cli-error.js';
import { commandToLoad, createProgram } from './program.js';

/**
 * The `llmsched` command line. Thin: parse flags, validate, call the library, print.
 * User mistakes (CliError, SchedulerError, commander's own) print one line and exit 2.
 * Only the module of the command that runs is imported (see program.ts).
 */
// `llmsched ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  const selected = commandToLoad(process.argv.slice(2));
  const program = await createProgram((name) => name === selected);
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportError(error);
}

function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (or the help text, for --help / --version)
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof CliError || error instanceof SchedulerError) {
    process.stderr.write(`llmsched: ${error.message}\n`);
    return 2;
  }
  throw error;
}
