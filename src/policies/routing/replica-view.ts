/**
 * What a router sees of one replica (engine instance): a read-only load view, refreshed by the
 * executor (simulator cluster loop, gateway) before each routing decision.
 */

import type { ReplicaId } from '../../core/ids.js';

/**
 * What a router sees of one replica (engine instance): a read-only load view, refreshed by the
 * executor (simulator cluster loop, gateway) before each routing decision.
 */
export interface ReplicaView {
  readonly id: ReplicaId;
  /** Requests routed to the replica and not finished (waiting + running). */
  readonly outstandingRequests: number;
  /** Predicted tokens of work left on the replica: uncomputed prompt + predicted remaining output. */
  readonly outstandingPredictedTokens: number;
  /** Requests waiting (not yet scheduled) on the replica. */
  readonly waiting: number;
  /** KV-cache blocks in use / total, in [0, 1]. */
  readonly kvUtilization: number;
  /** Tokens of the given prefix block hashes the replica's cache would hit now (leading run). */
  cachedPrefix(hashes: readonly string[]): number;
}

/** What a router sees of the request being routed. */
export interface RoutingRequest {
  /**
   * Admission sequence number: 0, 1, 2, ... in arrival order, unique per run. It is the router's
   * only source of "state" (round-robin's cursor, power-of-d's choices), so routers stay pure.
   */
  readonly seq: number;
  readonly promptTokens: number;
  readonly prefixHashes?: readonly string[];
  /** Predicted output tokens, when a predictor runs. */
  readonly predictedOutputTokens?: number;
}
