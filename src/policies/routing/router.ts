/**
 * Routing as llm-d's endpoint picker does it: filter -> score -> pick.
 *
 * - a filter narrows the candidate replicas (never to nothing: an empty result is ignored);
 * - each scorer gives every candidate a score in [0, 1], weighted and summed;
 * - the picker chooses among scored candidates (max score; ties to the lowest replica id).
 *
 * Routers are pure: the same request and views always give the same replica.
 */

import type { ReplicaId } from '../../core/ids.js';
import type { ReplicaView, RoutingRequest } from './replica-view.js';

/** A router: picks the replica for each request from the candidates it is given. */
export interface Router {
  readonly name: string;
  /** Picks the replica for `request`; `replicas` must be non-empty. */
  route(request: RoutingRequest, replicas: readonly ReplicaView[]): ReplicaId;
}

export type ReplicaFilter = (
  request: RoutingRequest,
  replicas: readonly ReplicaView[],
) => readonly ReplicaView[];

export interface ReplicaScorer {
  readonly name: string;
  readonly weight: number;
  /** Scores in [0, 1], one per candidate, same order. */
  score(request: RoutingRequest, candidates: readonly ReplicaView[]): readonly number[];
}

export interface ScoredReplica {
  readonly replica: ReplicaView;
  readonly score: number;
}

export type ReplicaPicker = (
  request: RoutingRequest,
  scored: readonly ScoredReplica[],
) => ReplicaView;

/** Max score; ties go to the lowest replica id. O(n). */
export const maxScorePicker: ReplicaPicker = (_request, scored) => {
  let best = scored[0];
  for (const candidate of scored) {
    if (
      best === undefined ||
      candidate.score > best.score ||
      (candidate.score === best.score && candidate.replica.id < best.replica.id)
    ) {
      best = candidate;
    }
  }
  if (best === undefined) throw new Error('router: no replica to pick from');
  return best.replica;
};

/**
 * Builds a router from filters, weighted scorers and a picker.
 *
 * @example
 * const router = composeRouter('queue', { scorers: [queueScorer(1)] });
 */
export function composeRouter(
  name: string,
  parts: {
    readonly filters?: readonly ReplicaFilter[];
    readonly scorers: readonly ReplicaScorer[];
    readonly picker?: ReplicaPicker;
  },
): Router {
  const picker = parts.picker ?? maxScorePicker;
  return {
    name,
    route(request, replicas) {
      if (replicas.length === 0) throw new Error(`router ${name}: no replicas`);
      let candidates = replicas;
      for (const filter of parts.filters ?? []) {
        const kept = filter(request, candidates);
        if (kept.length > 0) candidates = kept;
      }
      const totals = new Array<number>(candidates.length).fill(0);
      for (const scorer of parts.scorers) {
        const scores = scorer.score(request, candidates);
        for (let i = 0; i < candidates.length; i++) {
          totals[i] = (totals[i] ?? 0) + scorer.weight * (scores[i] ?? 0);
        }
      }
      const scored = candidates.map((replica, i) => ({ replica, score: totals[i] ?? 0 }));
      return picker(request, scored).id;
    },
  };
}
