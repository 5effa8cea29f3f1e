import { Command, CommanderError } from 'commander';
import { SchedulerError } from '../core/errors.js';
import { CliError } from './cli-error.js';
import { commands } from './commands/index.js';

/**
 * The `llmsched` command line. Thin: parse flags, validate, call the library, print.
 * User mistakes (CliError, SchedulerError, commander's own) print one line and exit 2.
 */
// `llmsched ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const program = new Command('llmsched')
  .description('An efficient request scheduler for LLM inference')
  .showHelpAfterError(false)
  .exitOverride();

for (const register of commands) register(program);

try {
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
