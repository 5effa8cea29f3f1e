import type { Command } from 'commander';

/** `llmsched demo`: the quick-start job (`npm start`); needs nothing from ../shared. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('a short self-contained comparison of scheduling policies')
    .action(() => {
      process.stdout.write('llmsched demo: (under construction)\n');
    });
}
