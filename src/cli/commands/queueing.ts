/**
 * `llmsched queueing`: the M/G/1 lab. Mean response time of registry policies under any service
 * distribution and prediction model, by formula (`--method analytic`), by event simulation
 * (`--method sim`, batch-means 95% CI) or both; `--table 1|2|3` reproduces the survey's tables
 * next to the printed values. With `--json` prints one JSON object.
 *
 * The flags are declared here; the rows and the survey tables run in `queueing-rows.ts` and
 * `queueing-table.ts`, imported on use, so `llmsched queueing --help` loads neither.
 *
 * @example
 * llmsched queueing --service exp --prediction exp --policies fifo,sprpt --lambdas 0.5,0.9 --method both --json
 */

import type { Command } from 'commander';
import { distributionForms } from '../../core/distributions/distribution-forms.js';
import { predictionModelForms } from '../../queueing/prediction-models/prediction-model-forms.js';

/** The flags of `llmsched queueing` as commander parses them. */
export interface QueueingFlags {
  readonly service: string;
  readonly prediction: string;
  readonly policies: string;
  readonly lambdas: string;
  readonly method: string;
  readonly threshold: string;
  readonly jobs: string;
  readonly seed: string;
  readonly param: readonly string[];
  readonly table?: string;
  readonly json?: boolean;
}

export function registerQueueing(program: Command): void {
  program
    .command('queueing')
    .description('M/G/1 scheduling with predicted job sizes: formulas and simulation')
    .option('--service <spec>', `service distribution: ${distributionForms.join(' | ')}`, 'exp')
    .option('--prediction <spec>', `prediction model: ${predictionModelForms.join(' | ')}`, 'exp')
    .option(
      '--policies <list>',
      'comma-separated registry policy names',
      'fifo,sjf,spjf,srpt,sprpt',
    )
    .option('--lambdas <list>', 'comma-separated arrival rates (> 0)', '0.5')
    .option('--method <method>', 'analytic | sim | both', 'analytic')
    .option(
      '--threshold <T>',
      '1-bit threshold: optimal (per lambda, analytic) or a number',
      'optimal',
    )
    .option('--jobs <n>', 'simulated jobs per row', '200000')
    .option('--seed <s>', 'simulation seed (integer >= 0)', '1')
    .option('--param <name=value>', 'policy parameter, repeatable (e.g. c=0.5)', collect, [])
    .option('--table <n>', "reproduce the survey's table 1, 2 or 3")
    .option('--json', 'print one JSON object')
    .action(async (flags: QueueingFlags) => {
      // The work lives in modules loaded only when the command runs (`--help` stays light).
      if (flags.table !== undefined) (await import('./queueing-table.js')).runTable(flags);
      else await (await import('./queueing-rows.js')).runRows(flags);
    });
}

function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}
