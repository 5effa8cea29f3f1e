/** A user mistake on the command line: printed as one line, exit code 2, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';
}
