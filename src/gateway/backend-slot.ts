/**
 * The gateway's ledger of one backend: what is in flight on it, against its capacity. Doubles as
 * the router's `ReplicaView` (policies/routing), so the registry's routers pick among backends.
 */

import type { Backend } from '../backends/backend.js';
import type { ReplicaId } from '../core/ids.js';
import { replicaId } from '../core/ids.js';
import type { ReplicaView } from '../policies/routing/replica-view.js';
import type { GatewayRequest } from './gateway-request.js';
import { reservedTokens } from './gateway-request.js';
import { RequestList } from './request-list.js';

export class BackendSlot implements ReplicaView {
  readonly id: ReplicaId;
  readonly backend: Backend;
  /** Its requests in flight, in dispatch order (a RequestList, not a Set: see request-list.ts). */
  readonly running = new RequestList();
  tokensInFlight = 0;
  /** Prefix hashes recently routed here (prefix-affinity's view of this backend's cache). */
  readonly #recentPrefixes = new Map<string, number>();
  readonly #prefixCapacity: number;

  constructor(index: number, backend: Backend, prefixCapacity = 4096) {
    this.id = replicaId(index);
    this.backend = backend;
    this.#prefixCapacity = prefixCapacity;
  }

  get name(): string {
    return this.backend.name;
  }

  get outstandingRequests(): number {
    return this.running.size;
  }

  get outstandingPredictedTokens(): number {
    let total = 0;
    for (let r = this.running.first; r !== undefined; r = r.listNext)
      total += Math.max(1, (r.predictedSize ?? r.maxTokens) - r.generated);
    return total;
  }

  get waiting(): number {
    return 0;
  }

  get kvUtilization(): number {
    const max = this.backend.capacity.maxTokensInFlight;
    if (max > 0) return Math.min(1, this.tokensInFlight / max);
    const seqs = this.backend.capacity.maxConcurrent;
    return seqs > 0 ? Math.min(1, this.running.size / seqs) : 0;
  }

  /** Free concurrent sequences (Infinity when unlimited). */
  get freeSeqs(): number {
    const max = this.backend.capacity.maxConcurrent;
    return max > 0 ? Math.max(0, max - this.running.size) : Number.POSITIVE_INFINITY;
  }

  fits(request: GatewayRequest): boolean {
    if (this.freeSeqs < 1) return false;
    const max = this.backend.capacity.maxTokensInFlight;
    return max <= 0 || this.tokensInFlight + reservedTokens(request) <= max;
  }

  /** Leading prefix blocks (as 64-character blocks) this backend has seen recently. */
  cachedPrefix(hashes: readonly string[]): number {
    let n = 0;
    for (const hash of hashes) {
      if (!this.#recentPrefixes.has(hash)) break;
      n++;
    }
    return n * prefixBlockTokens;
  }

  add(request: GatewayRequest): void {
    this.running.add(request);
    this.tokensInFlight += reservedTokens(request);
    for (const hash of request.prefixHashes) {
      this.#recentPrefixes.delete(hash);
      this.#recentPrefixes.set(hash, 1);
    }
    while (this.#recentPrefixes.size > this.#prefixCapacity) {
      const oldest = this.#recentPrefixes.keys().next().value;
      if (oldest === undefined) break;
      this.#recentPrefixes.delete(oldest);
    }
  }

  remove(request: GatewayRequest): void {
    if (this.running.delete(request)) this.tokensInFlight -= reservedTokens(request);
  }
}

/** Estimated tokens of one 64-character prefix block (4 characters a token). */
export const prefixBlockTokens = 16;
export const prefixBlockChars = 64;
