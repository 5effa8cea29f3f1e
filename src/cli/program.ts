import { Command, Help } from 'commander';
import { commands } from './commands/index.js';

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
    .showHelpAfterError(false)
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
