/**
 * Prefix affinity with a load-balance guard: SGLang sgl-router `cache_aware`.
 *
 * 1. Loads are outstanding requests. The cluster is imbalanced when
 *    `max - min > balanceAbsThreshold` AND `max > min * balanceRelThreshold`;
 *    then the request goes to the least loaded replica (shortest queue), ignoring the cache.
 * 2. Otherwise, the replica with the highest match rate (cached prefix tokens / prompt tokens) wins
 *    if that rate exceeds `cacheThreshold`;
 * 3. else the replica with the most free cache (lowest KV utilization; SGLang: the smallest radix
 *    tree) gets it, to spread new prefixes.
 *
 * Difference from SGLang: the match comes from the replica's view (`cachedPrefix`), i.e. the real
 * cache in the simulator (llm-d's "precise" scorer), not an approximate tree of routing history.
 * Why choose: shared system prompts / multi-turn traffic over several replicas.
 * Inputs consumed: prefixHashes, promptTokens; outstandingRequests, kvUtilization, cachedPrefix.
 * Tie-break: fewer outstanding requests, then lowest replica id. Complexity: O(n * prefix blocks).
 */

import type { PolicyParams } from '../rank-policy.js';
import { minLoadFilter } from './min-load-filter.js';
import type { ReplicaView, RoutingRequest } from './replica-view.js';
import { composeRouter, type ReplicaFilter, type ReplicaPicker, type Router } from './router.js';

/** Prefix affinity with a load-balance guard: SGLang sgl-router `cache_aware`. */
export const prefixAffinityDefaults = {
  cacheThreshold: 0.5,
  balanceAbsThreshold: 32,
  balanceRelThreshold: 1.5,
} as const;

export function prefixAffinity(params: PolicyParams = {}): Router {
  const cacheThreshold = params['cacheThreshold'] ?? prefixAffinityDefaults.cacheThreshold;
  const absThreshold = params['balanceAbsThreshold'] ?? prefixAffinityDefaults.balanceAbsThreshold;
  const relThreshold = params['balanceRelThreshold'] ?? prefixAffinityDefaults.balanceRelThreshold;
  const shortestQueue = minLoadFilter((replica) => replica.outstandingRequests);

  const imbalanceGuard: ReplicaFilter = (request, replicas) =>
    isImbalanced(replicas, absThreshold, relThreshold)
      ? shortestQueue(request, replicas)
      : replicas;

  const picker: ReplicaPicker = (request, scored) => {
    const candidates = scored.map((entry) => entry.replica);
    if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
    const rates = candidates.map((replica) => matchRate(request, replica));
    const bestRate = Math.max(...rates);
    if (bestRate > cacheThreshold) {
      return lowestLoad(candidates.filter((_, i) => rates[i] === bestRate));
    }
    const minKv = Math.min(...candidates.map((replica) => replica.kvUtilization));
    return lowestLoad(candidates.filter((replica) => replica.kvUtilization === minKv));
  };

  return composeRouter('prefix-affinity', { filters: [imbalanceGuard], scorers: [], picker });
}

/** SGLang's imbalance test over outstanding requests. */
export function isImbalanced(
  replicas: readonly ReplicaView[],
  absThreshold: number,
  relThreshold: number,
): boolean {
  if (replicas.length === 0) return false;
  const loads = replicas.map((replica) => replica.outstandingRequests);
  const max = Math.max(...loads);
  const min = Math.min(...loads);
  return max - min > absThreshold && max > min * relThreshold;
}

function matchRate(request: RoutingRequest, replica: ReplicaView): number {
  const hashes = request.prefixHashes ?? [];
  if (hashes.length === 0 || request.promptTokens <= 0) return 0;
  return Math.min(1, replica.cachedPrefix(hashes) / request.promptTokens);
}

function lowestLoad(replicas: readonly ReplicaView[]): ReplicaView {
  let best: ReplicaView | undefined;
  for (const replica of replicas) {
    if (
      best === undefined ||
      replica.outstandingRequests < best.outstandingRequests ||
      (replica.outstandingRequests === best.outstandingRequests && replica.id < best.id)
    ) {
      best = replica;
    }
  }
  if (best === undefined) throw new Error('prefix-affinity: no replicas');
  return best;
}
