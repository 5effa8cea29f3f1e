/**
 * Load scorers in [0, 1] (llm-d's queue-scorer and kv-cache-utilization-scorer): the least loaded
 * candidate scores 1, the most loaded 0, linear in between; all equal -> all 1.
 */

import type { ReplicaView } from './replica-view.js';
import type { ReplicaScorer } from './router.js';

/**
 * Load scorers in [0, 1] (llm-d's queue-scorer and kv-cache-utilization-scorer): the least loaded
 * candidate scores 1, the most loaded 0, linear in between; all equal -> all 1.
 */
export function minMaxLowIsBest(values: readonly number[]): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return values.map((value) => (max === min ? 1 : (max - value) / (max - min)));
}

const loadScorer =
  (name: string, load: (replica: ReplicaView) => number) =>
  (weight: number): ReplicaScorer => ({
    name,
    weight,
    score: (_request, candidates) => minMaxLowIsBest(candidates.map(load)),
  });

/** Fewer outstanding requests scores higher. */
export const outstandingScorer = loadScorer('outstanding', (r) => r.outstandingRequests);
/** Fewer waiting requests scores higher (llm-d queue-scorer). */
export const queueScorer = loadScorer('queue', (r) => r.waiting);
/** Lower KV utilization scores higher (llm-d kv-cache-utilization-scorer). */
export const kvUtilizationScorer = loadScorer('kv-utilization', (r) => r.kvUtilization);
/** Less predicted outstanding work (tokens) scores higher. */
export const predictedWorkScorer = loadScorer(
  'predicted-work',
  (r) => r.outstandingPredictedTokens,
);

/** Share of the request's prompt the replica's cache holds, in [0, 1] (llm-d prefix-cache-scorer). */
export function prefixScorer(weight: number): ReplicaScorer {
  return {
    name: 'prefix',
    weight,
    score: (request, candidates) => {
      const hashes = request.prefixHashes ?? [];
      if (hashes.length === 0 || request.promptTokens <= 0) return candidates.map(() => 0);
      return candidates.map((r) => Math.min(1, r.cachedPrefix(hashes) / request.promptTokens));
    },
  };
}
