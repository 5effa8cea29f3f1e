/**
 * Batch policies by name. `resolveBatchPolicy` is what `--policy NAME` uses in the simulator and
 * the real engine: a batch policy of this registry first, else any rank policy of the rank
 * registry wrapped in `rank-batch`. `fcfs` is an alias of `vllm-fcfs` (same factory; the created
 * policy reports the name `vllm-fcfs`).
 */

import { unknownName } from '../../core/errors.js';
import { createRankPolicy, isRankPolicyName, rankPolicyNames } from '../registry.js';
import type { BatchPolicy, BatchPolicyFactory, BatchPolicyOptions } from './batch-policy.js';
import { edf } from './edf.js';
import { fastserve } from './fastserve.js';
import { groupEps } from './group-eps.js';
import { ltr } from './ltr.js';
import { predictedCostPolicy } from './predicted-cost.js';
import { rad } from './rad.js';
import { createRankBatch } from './rank-batch.js';
import { sarathi } from './sarathi.js';
import { sglangDfsWeight } from './sglang-dfs-weight.js';
import { sglangLpm } from './sglang-lpm.js';
import { slai } from './slai.js';
import { trailBatch } from './trail-batch.js';
import { vllmFcfs } from './vllm-fcfs.js';
import { vllmPriority } from './vllm-priority.js';
import { wspt } from './wspt.js';

/** Batch policies by name. */
export const batchPolicies = {
  'vllm-fcfs': vllmFcfs,
  'predicted-cost': predictedCostPolicy,
  trail: trailBatch,
  ltr,
  fastserve,
  'vllm-priority': vllmPriority,
  sarathi,
  'sglang-lpm': sglangLpm,
  'sglang-dfs-weight': sglangDfsWeight,
  'group-eps': groupEps,
  slai,
  rad,
  wspt,
  edf,
  fcfs: vllmFcfs,
  priority: vllmPriority,
} as const satisfies Record<string, BatchPolicyFactory>;

export type BatchPolicyName = keyof typeof batchPolicies;

export const batchPolicyNames = Object.keys(batchPolicies) as BatchPolicyName[];

export function isBatchPolicyName(name: string): name is BatchPolicyName {
  return Object.hasOwn(batchPolicies, name);
}

/** A batch policy of this registry by name; throws UNKNOWN_NAME listing the known ones. */
export function createBatchPolicy(name: string, options: BatchPolicyOptions = {}): BatchPolicy {
  if (!isBatchPolicyName(name)) throw unknownName('batch policy', name, batchPolicyNames);
  return batchPolicies[name].create(options);
}

/**
 * Every name `resolveBatchPolicy` accepts: batch policies, then rank policies (a rank policy with
 * an LLM batch form of the same name, e.g. `trail`, is listed once: the batch form wins).
 */
export function knownPolicyNames(): string[] {
  return [...batchPolicyNames, ...rankPolicyNames.filter((name) => !isBatchPolicyName(name))];
}

/**
 * Batch policy first, else the rank policy wrapped in rank-batch.
 *
 * @example
 * resolveBatchPolicy('vllm-fcfs').plan(view);
 * resolveBatchPolicy('sprpt').needs; // ['predictedSize']
 */
export function resolveBatchPolicy(name: string, options: BatchPolicyOptions = {}): BatchPolicy {
  return withSwapNeed(resolveByName(name, options), options);
}

/** Swap preemption is an executor feature: a policy created to swap declares it in `needs`. */
function withSwapNeed(policy: BatchPolicy, options: BatchPolicyOptions): BatchPolicy {
  if (options.preemptMode !== 'swap' || policy.needs?.includes('swap')) return policy;
  return {
    name: policy.name,
    needs: [...(policy.needs ?? []), 'swap'],
    ...(policy.schedulesBy !== undefined ? { schedulesBy: policy.schedulesBy } : {}),
    ...(policy.decodeStable !== undefined ? { decodeStable: policy.decodeStable } : {}),
    plan: (view) => policy.plan(view),
  };
}

function resolveByName(name: string, options: BatchPolicyOptions): BatchPolicy {
  if (isBatchPolicyName(name)) return batchPolicies[name].create(options);
  if (isRankPolicyName(name)) {
    const rankOptions = {
      ...(options.preemptMode ? { preemptMode: options.preemptMode } : {}),
      ...(options.decodesFirst ? { decodesFirst: true } : {}),
      ...(options.rankOrder ? { rankOrder: options.rankOrder } : {}),
    };
    return createRankBatch(createRankPolicy(name, options.params ?? {}), rankOptions);
  }
  throw unknownName('policy', name, knownPolicyNames());
}
