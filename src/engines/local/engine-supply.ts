/**
 * What the local engine checks when it is created: the policy fields it can supply in a given
 * configuration (for `checkPolicyNeeds`), and its KV options.
 */
import { SchedulerError } from '../../core/errors.js';
import type { PolicyNeed } from '../../core/step-plan.js';
import { type ExecutorSupply, requestFields } from '../../executor/check-policy-needs.js';
import type { LocalEngineOptions } from './local-engine-options.js';

/** What the local engine can supply to a policy in this configuration (checked at creation). */
export function engineSupply(options: LocalEngineOptions): ExecutorSupply {
  const supplies = new Set<PolicyNeed>(['promptTokens', 'serviceSeconds', ...requestFields]);
  if (options.oracle) supplies.add('size');
  if (options.predictor !== undefined) {
    supplies.add('predictedSize');
    supplies.add('predictedRemaining');
    if (options.predictor !== 'per-request') supplies.add('sizeDistribution');
  }
  return {
    executor: 'the local engine',
    supplies,
    hints: {
      size: 'run it with oracle: true (a replay knows true lengths)',
      predictedSize: 'give it a predictor (engine replay --predictor SPEC)',
      predictedRemaining: 'give it a predictor (engine replay --predictor SPEC)',
      sizeDistribution: 'give it a LengthPredictor (engine replay --predictor SPEC)',
      swap: 'llama.cpp sequences are not swapped to host here; use --preempt-mode recompute',
    },
  };
}

/** The KV options: block size and cell budget (bad values name the option and the range). */
export function checkKvOptions(options: LocalEngineOptions): void {
  const block = options.kvBlockTokens ?? 16;
  if (!Number.isInteger(block) || block < 1) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `kvBlockTokens must be an integer >= 1 (got ${block})`,
    );
  }
  const cells = (options.slots ?? 4) * (options.contextPerSlot ?? 1024);
  const budget = options.kvTokens ?? cells;
  if (!Number.isInteger(budget) || budget < block || budget > cells) {
    throw new SchedulerError(
      'CONFIG_INVALID',
      `kvTokens must be an integer in [${block}, ${cells}] (slots x context; got ${budget})`,
    );
  }
}
