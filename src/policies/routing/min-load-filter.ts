/**
 * Keeps the candidates with the minimum of `load` (all of them on a tie). O(n).
 *
 * @example
 * minLoadFilter((r) => r.outstandingRequests)(request, replicas);
 */

import type { ReplicaView } from './replica-view.js';
import type { ReplicaFilter } from './router.js';

/** Keeps the candidates with the minimum of `load` (all of them on a tie). */
export function minLoadFilter(load: (replica: ReplicaView) => number): ReplicaFilter {
  return (_request, replicas) => {
    let min = Number.POSITIVE_INFINITY;
    for (const replica of replicas) min = Math.min(min, load(replica));
    return replicas.filter((replica) => load(replica) === min);
  };
}
