/**
 * Power of d choices (Mitzenmacher) on predicted outstanding work: sample d distinct replicas,
 * send the request to the one with the least `outstandingPredictedTokens`.
 * The "sample" is a pure hash of the request's seq (choiceHash), so routing is deterministic
 * and the router needs no RNG; different seqs spread evenly over the replicas.
 * Why choose: many replicas, where polling every one is costly; with good predictions it balances
 * work (tokens), not just request counts. d = 2 gets most of the gain of d = n.
 * Inputs consumed: seq, outstandingPredictedTokens, then outstandingRequests.
 * Tie-break: fewer outstanding requests, then lowest replica id. Complexity: O(n) (the d-sample).
 */

import type { PolicyParams } from '../rank-policy.js';
import { choiceHash } from './choice-hash.js';
import type { ReplicaView } from './replica-view.js';
import { composeRouter, type ReplicaFilter, type Router } from './router.js';

/**
 * Power of d choices (Mitzenmacher) on predicted outstanding work: sample d distinct replicas,
 * send the request to the one with the least `outstandingPredictedTokens`.
 */
export const powerOfDDefaults = { d: 2 } as const;

export function powerOfD(params: PolicyParams = {}): Router {
  const d = Math.max(1, Math.floor(params['d'] ?? powerOfDDefaults.d));
  const sample: ReplicaFilter = (request, replicas) => sampleReplicas(request.seq, replicas, d);
  return composeRouter(`power-of-${d}`, {
    filters: [sample],
    scorers: [],
    picker: (_request, scored) => {
      let best: ReplicaView | undefined;
      for (const { replica } of scored) {
        if (best === undefined || lessLoaded(replica, best)) best = replica;
      }
      if (best === undefined) throw new Error('power-of-d: no replicas');
      return best;
    },
  });
}

/** d distinct replicas chosen by a partial Fisher-Yates shuffle driven by choiceHash(seq, i). */
export function sampleReplicas(
  seq: number,
  replicas: readonly ReplicaView[],
  d: number,
): ReplicaView[] {
  const pool = replicas.slice();
  const count = Math.min(d, pool.length);
  for (let i = 0; i < count; i++) {
    const j = i + (choiceHash(seq, i) % (pool.length - i));
    const swap = pool[i];
    pool[i] = pool[j] as ReplicaView;
    pool[j] = swap as ReplicaView;
  }
  return pool.slice(0, count);
}

function lessLoaded(a: ReplicaView, b: ReplicaView): boolean {
  if (a.outstandingPredictedTokens !== b.outstandingPredictedTokens) {
    return a.outstandingPredictedTokens < b.outstandingPredictedTokens;
  }
  if (a.outstandingRequests !== b.outstandingRequests)
    return a.outstandingRequests < b.outstandingRequests;
  return a.id < b.id;
}
