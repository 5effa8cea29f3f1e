/**
 * What the local engine supplies to a policy and checks when it is created: the policy fields it
 * can supply in a given configuration (for `checkPolicyNeeds`), its step-time estimate
 * (`EngineView.estimateStepSeconds`), and its KV options.
 */
import { SchedulerError } from '../../core/errors.js';
import type { PolicyNeed, StepShape } from '../../core/step-plan.js';
import { type Seconds, seconds } from '../../core/units.js';
import { type ExecutorSupply, requestFields } from '../../executor/check-policy-needs.js';
import { createLinearStepCost } from '../../sim/cost/linear-step-cost.js';
import { fitCalmLinearStep } from './fit-linear-step.js';
import type { LocalEngineOptions } from './local-engine-options.js';
import type { StepRecord } from './step-record.js';

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

/** Steps before the first fit, steps between refits, and the window of recent steps fitted. */
const firstFit = 8;
const refitEvery = 16;
const fitWindow = 512;

/**
 * The engine's step-time estimate for policies (SLAI's `offsetUnit` and `dynamicBudget`):
 * - with `stepSeconds` (a virtual-time run) that cost model: exactly what the step will be charged;
 * - otherwise the linear-step model (sim/cost/linear-step-cost.ts) fitted by absolute least squares
 *   (fit-linear-step.ts, interference spikes dropped: fitCalmLinearStep) on the evaluation seconds
 *   of this engine's last 512 steps, refitted every 16 new steps; before the 8th step it is the
 *   mean logged step (0 before any step).
 * Reads `log` lazily, so it follows the engine's step log as it grows.
 */
export function stepEstimate(
  options: LocalEngineOptions,
  log: readonly StepRecord[],
): (shape: StepShape) => Seconds {
  const charged = options.stepSeconds;
  if (charged) return (shape) => seconds(charged(shape));
  let fittedAt = 0;
  let model: ((shape: StepShape) => number) | undefined;
  return (shape) => {
    if (log.length >= firstFit && (model === undefined || log.length - fittedAt >= refitEvery)) {
      const points = log.slice(-fitWindow).map((step) => ({ batch: step, seconds: step.seconds }));
      const coefficients = fitCalmLinearStep(points);
      const cost = createLinearStepCost({ name: 'online', kind: 'linear-step', coefficients });
      model = (s) => cost.stepSeconds(s);
      fittedAt = log.length;
    }
    if (model) return seconds(model(shape));
    const total = log.reduce((sum, step) => sum + step.seconds, 0);
    return seconds(log.length > 0 ? total / log.length : 0);
  };
}
