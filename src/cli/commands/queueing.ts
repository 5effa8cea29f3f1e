import type { Command } from 'commander';

/** `llmsched queueing`: the M/G/1 lab (analytic formulas and simulation). */
export function registerQueueing(program: Command): void {
  program.command('queueing').description('M/G/1 scheduling with predicted job sizes');
}
