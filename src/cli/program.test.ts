/** Lazy command loading: the stubs `llmsched --help` lists match what the modules register. */
import { describe, expect, it } from 'vitest';
import { commands } from './commands/index.js';
import { commandToLoad, createProgram } from './program.js';

describe('createProgram', () => {
  it('lists the same help with stubs as with every command loaded', async () => {
    const lazy = await createProgram(() => false);
    const full = await createProgram(() => true);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    expect(lazy.commands.map((command) => command.name())).toEqual(
      commands.map((entry) => entry.name),
    );
  });

  it('registers each command from its own module with the listed description', async () => {
    for (const entry of commands) {
      const program = await createProgram((name) => name === entry.name);
      const command = program.commands.find((c) => c.name() === entry.name);
      expect(command?.description()).toBe(entry.description);
      expect(command?.options.length !== 0).toBe(entry.hasOptions);
    }
  });
});

describe('commandToLoad', () => {
  it('finds the command a command line runs', () => {
    expect(commandToLoad(['queueing', '--lambdas', '0.5'])).toBe('queueing');
    expect(commandToLoad(['--help'])).toBeUndefined();
    expect(commandToLoad([])).toBeUndefined();
    expect(commandToLoad(['help', 'simulate'])).toBe('simulate');
    expect(commandToLoad(['predict', 'eval', '--help'])).toBe('predict');
    expect(commandToLoad(['bogus'])).toBeUndefined();
  });
});
