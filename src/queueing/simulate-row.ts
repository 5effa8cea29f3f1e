/**
 * The simulated row of `evaluatePolicy` (method 'sim'), in a module that does not load the
 * analytic formulas: `llmsched queueing --method sim` imports only this when no listed policy is
 * a 1-bit one (those need the analytic optimal threshold, `resolveThreshold`).
 *
 * @example
 * simulateRow({ policy: 'sprpt', method: 'sim', lambda: 0.9, service, prediction, jobs: 1e6 }, null);
 */

import { createRankPolicy, isRankPolicyName, rankPolicies } from '../policies/registry.js';
import type { EvaluationRequest, EvaluationRow } from './analytic/evaluate-policy.js';
import type { OneBitSource } from './analytic/two-class-formulas.js';
import { simulateMg1 } from './mg1-simulator.js';

/**
 * The simulated row of `evaluatePolicy` (method 'sim'), in a module that does not load the
 * analytic formulas: `llmsched queueing --method sim` imports only this when no listed policy is a
 * 1-bit one (those need the analytic optimal threshold, `resolveThreshold`).
 */
export function simulateRow(request: EvaluationRequest, threshold: number | null): EvaluationRow {
  const base = { policy: request.policy, lambda: request.lambda, method: request.method };
  const params: Record<string, number> = {};
  const declared = isRankPolicyName(request.policy)
    ? rankPolicies[request.policy].params.map((p) => p.name)
    : [];
  for (const [name, value] of Object.entries(request.params ?? {})) {
    if (declared.includes(name)) params[name] = value;
  }
  if (threshold !== null) params['T'] = threshold;
  const policy = createRankPolicy(request.policy, params);
  const result = simulateMg1(
    {
      service: request.service,
      prediction: request.prediction,
      policy,
      lambda: request.lambda,
      jobs: request.jobs ?? 200_000,
      seed: request.seed ?? 1,
    },
    request.onProgress ? { onProgress: request.onProgress } : {},
  );
  if (result.kind === 'unstable') {
    return { ...base, meanResponseTime: null, ci95: null, threshold, note: 'unstable' };
  }
  return { ...base, meanResponseTime: result.meanResponseTime, ci95: result.ci95, threshold };
}

/** The 1-bit policies: their threshold T comes from the analytic optimum unless given. */
export const oneBitSources: Readonly<
  Record<string, { source: OneBitSource; preemptive: boolean }>
> = {
  'threshold-np': { source: 'threshold', preemptive: false },
  'threshold-p': { source: 'threshold', preemptive: true },
  'onebit-np': { source: 'prediction', preemptive: false },
  'onebit-p': { source: 'prediction', preemptive: true },
};

export function isOneBitPolicy(policy: string): boolean {
  return Object.hasOwn(oneBitSources, policy);
}
