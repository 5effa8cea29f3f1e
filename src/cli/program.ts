/** The package version (`llmsched --version`), read from package.json next to src/ or dist/. */

import { readFileSync } from 'node:fs';
import { Command, Help } from 'commander';
import { commands } from './commands/index.js';

/** The package version (`llmsched --version`), read from package.json next to src/ or dist/. */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return String((JSON.parse(text) as { version?: unknown }).version ?? 'unknown');
}

/**
 * Commander's own errors (unknown option, missing argument, unknown command) in the CLI's one-line
 * form: `llmsched: unknown option '--bogus' (Did you mean --policy?)`. Exit code 2 (main.ts).
 */
export function oneLineError(message: string): string {
  const text = message
    .replace(/^error:\s*/i, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return `llmsched: ${text}\n`;
}

/**
 * Builds the `llmsched` commander program, loading command modules lazily: the command that
 * runs is registered by its own module; every other command is a stub (name and description
 * only) so that `llmsched --help` and commander's "unknown command" suggestions still list them.
 */
export async function createProgram(load: (name: string) => boolean): Promise<Command> {
  const stubTerms = new Map<Command, string>();
  const help = new Help();
  const program = new Command('llmsched')
    .description('An efficient request scheduler for LLM inference')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError(false)
    .configureOutput({ outputError: (message, write) => write(oneLineError(message)) })
    .exitOverride()
    // a stub has no options yet: list it as its module would (`demo [options]`)
    .configureHelp({ subcommandTerm: (cmd) => stubTerms.get(cmd) ?? help.subcommandTerm(cmd) });
  for (const entry of commands) {
    if (load(entry.name)) {
      (await entry.load())(program);
    } else {
      const stub = program.command(entry.name).description(entry.description);
      stubTerms.set(stub, entry.hasOptions ? `${entry.name} [options]` : entry.name);
    }
  }
  return program;
}

/**
 * The command a command line runs (`llmsched queueing ...` or `llmsched help queueing`), or
 * undefined for the top-level help and unknown commands. The top level has only flags without
 * values, so the first word that is not a flag names the command.
 */
export function commandToLoad(args: readonly string[]): string | undefined {
  const words = args.filter((arg) => !arg.startsWith('-'));
  const name = words[0] === 'help' ? words[1] : words[0];
  return commands.some((entry) => entry.name === name) ? name : undefined;
}
