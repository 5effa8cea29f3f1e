/**
 * The one check of a policy's `needs` against what an executor can supply, run when the executor is
 * constructed (the simulator, the real engine, the gateway), so a mis-configured run fails at once
 * with one line naming the policy, the field and the executor — never as a per-request failure at
 * the first step. Fields that come with each request (prefix hashes, group, tenant, priority, SLOs)
 * are checked per request by `checkRequestNeeds` when the executor accepts the request.
 *
 * @example
 * checkPolicyNeeds(policy, { executor: 'the local engine', supplies: new Set(['promptTokens']),
 *   hints: { predictedSize: 'give it a predictor (--predictor SPEC)' } });
 */

import { SchedulerError } from '../core/errors.js';
import type { PolicyNeed, SeqField } from '../core/step-plan.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';

/**
 * What an executor supplies to policies: its name, the fields it fills, and hints for the missing
 * ones.
 */
export interface ExecutorSupply {
  /** The executor, as the message names it: 'the engine simulator', 'the local engine', ... */
  readonly executor: string;
  /** Every need it can supply in this configuration (request fields: those it forwards). */
  readonly supplies: ReadonlySet<PolicyNeed>;
  /** How to make it supply a missing need ("pass --predictor SPEC"). */
  readonly hints?: Partial<Record<PolicyNeed, string>>;
}

/** What each need is, for messages and docs. */
export const needDescriptions: Readonly<Record<PolicyNeed, string>> = {
  size: 'the true output length (an oracle)',
  predictedSize: 'a predicted output length',
  predictedRemaining: 'a predicted remaining output length',
  sizeDistribution: 'a predicted output-length distribution',
  promptTokens: 'the prompt length',
  serviceSeconds: 'the engine seconds a request has received',
  prefixHashes: 'the prompt prefix block hashes',
  group: 'a request group key',
  tenant: 'the tenant of each request',
  priority: 'the priority of each request',
  ttftSlo: 'a TTFT target per request',
  tbtSlo: 'a TBT target per request',
  swap: 'swap preemption (KV copied to host memory)',
};

/** Fields each request brings with it (checked per request, not per executor). */
export const requestFields: readonly SeqField[] = [
  'prefixHashes',
  'group',
  'tenant',
  'priority',
  'ttftSlo',
  'tbtSlo',
];

/** Throws CONFIG_INVALID naming the policy, the first missing need and the executor. */
export function checkPolicyNeeds(policy: BatchPolicy, supply: ExecutorSupply): void {
  for (const need of policy.needs ?? []) {
    if (supply.supplies.has(need)) continue;
    const hint = supply.hints?.[need];
    throw new SchedulerError(
      'CONFIG_INVALID',
      `policy '${policy.name}' needs '${need}' (${needDescriptions[need]}), which ${supply.executor} cannot supply` +
        (hint ? `: ${hint}` : ''),
    );
  }
}

/** The request-carried fields of one request that are present (undefined = absent). */
export type RequestFieldValues = Partial<Record<SeqField, unknown>>;

/**
 * Throws INPUT_INVALID when a request lacks a request field the policy needs (naming request,
 * field and policy). Cheap: only the policy's request-field needs are looked at.
 */
export function checkRequestNeeds(
  policy: BatchPolicy,
  id: string,
  values: RequestFieldValues,
): void {
  for (const need of policy.needs ?? []) {
    if (need === 'swap' || !requestFields.includes(need)) continue;
    if (values[need] !== undefined) continue;
    throw new SchedulerError(
      'INPUT_INVALID',
      `request ${id} has no '${need}' (${needDescriptions[need]}), which policy '${policy.name}' needs`,
    );
  }
}
