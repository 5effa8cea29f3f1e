/**
 * The `llmsched` command line. Thin: parse flags, validate, call the library, print.
 * User mistakes print one line and exit 2 (run-cli.ts). Only the module of the command that runs
 * is imported (program.ts). Signals: see signals.ts (Ctrl-C exits 130, SIGTERM 143).
 */
import { runCli } from './run-cli.js';
import { guardAtomicWrites } from './signals.js';

// `llmsched ... | head` closes stdout early: that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

guardAtomicWrites();
process.exitCode = await runCli(process.argv.slice(2));
