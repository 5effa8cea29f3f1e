/**
 * What the issue-8 study and sweep scripts share: the Azure conversation trace (a script exits 0
 * with a message when ../shared is absent), their `--name value` flags, the cost model observed
 * step by step (each step's seconds, and the part its prefill adds to the same step's decodes), and
 * a study wrapper registered as a batch policy (`study:NAME`) so runSimulation can run it by name.
 *
 * @example
 * const trace = azureTrace();
 * const scales = flag('--rate-scales', '3.5,4').split(',').map(Number);
 * const profile = observeSteps(base, (batch, seconds, prefillSeconds) => { ... });
 */
import { existsSync } from 'node:fs';
import type { BatchPolicyFactory } from '../../src/policies/batch/batch-policy.js';
import { batchPolicies } from '../../src/policies/batch/registry.js';
import type { EngineProfile, StepBatch } from '../../src/sim/cost/cost-model.js';

/** The trace's path; exits the process (status 0, one line) when it is absent. */
export function azureTrace(): string {
  const path = '../shared/data/traces/azure-2023-conv.csv';
  if (!existsSync(path)) {
    console.error(`skipped: ${path} is absent`);
    process.exit(0);
  }
  return path;
}

/** The value after `name` on the command line, else `fallback`. */
export function flag(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}

/**
 * `base` with its cost model wrapped: every step also reports its seconds and `prefillSeconds`,
 * what its prefill chunks add to it (the step's cost minus the same step without its prefill; 0
 * for a step with no decodes, whose whole cost is prefill but delays no decode).
 */
export function observeSteps(
  base: EngineProfile,
  onStep: (batch: StepBatch, seconds: number, prefillSeconds: number) => void,
): EngineProfile {
  return {
    ...base,
    cost: {
      name: base.cost.name,
      stepSeconds(batch: StepBatch): number {
        const seconds = base.cost.stepSeconds(batch);
        const decodeOnly =
          batch.decodeSeqs > 0
            ? base.cost.stepSeconds({
                ...batch,
                prefillSeqs: 0,
                prefillTokens: 0,
                prefillAttention: 0,
              })
            : 0;
        onStep(batch, seconds, seconds - decodeOnly);
        return seconds;
      },
    },
  };
}

/** Registers `factory` in the batch-policy registry as `study:NAME` and returns that name. */
export function registerStudyPolicy(name: string, factory: BatchPolicyFactory): string {
  const policy = `study:${name}`;
  (batchPolicies as Record<string, BatchPolicyFactory>)[policy] = factory;
  return policy;
}
