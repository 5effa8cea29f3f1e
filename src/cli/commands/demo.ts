/** `llmsched demo`: the quick-start job (`npm start`); needs nothing from ../shared. */

import type { Command } from 'commander';
import { seedFlag } from '../bounds.js';
import { runDemo } from '../demo/run-demo.js';

/** `llmsched demo`: the quick-start job (`npm start`); needs nothing from ../shared. */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('a short self-contained comparison: the M/G/1 lab, then the engine simulator')
    .option('--seed <S>', 'random seed', '1')
    .action((options: { seed: string }) => {
      runDemo({
        seed: seedFlag(options.seed),
        write: (text) => process.stdout.write(text),
      });
    });
}
