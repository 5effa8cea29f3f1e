/**
 * A router's read-only view of a simulated replica. Fields are computed on read (routers read
 * only what they score), from the replica's live state at the routing instant.
 */

import { type ReplicaId, replicaId } from '../../core/ids.js';
import type { ReplicaView } from '../../policies/routing/replica-view.js';
import type { PrefixKeys } from '../kv/prefix-keys.js';
import type { Replica } from './replica.js';

/** A router's read-only view of a simulated replica. */
export class ReplicaLoadView implements ReplicaView {
  readonly id: ReplicaId;
  readonly #replica: Replica;
  readonly #keys: PrefixKeys;

  constructor(replica: Replica, keys: PrefixKeys) {
    this.id = replicaId(replica.id);
    this.#replica = replica;
    this.#keys = keys;
  }
  get outstandingRequests(): number {
    return this.#replica.outstanding;
  }
  get outstandingPredictedTokens(): number {
    let total = 0;
    for (const seq of this.#replica.seqs) {
      total += Math.max(0, seq.promptTokens - seq.computed);
      const predicted = seq.predictedSize ?? seq.target;
      total += Math.max(0, predicted - seq.generated);
    }
    return total;
  }
  get waiting(): number {
    let n = 0;
    for (const seq of this.#replica.seqs) if (seq.state !== 'running') n++;
    return n;
  }
  get kvUtilization(): number {
    const pool = this.#replica.pool;
    return pool.total > 0 ? pool.usedBlocks / pool.total : 0;
  }
  cachedPrefix(hashes: readonly string[]): number {
    const keys = this.#keys.chain(hashes);
    return this.#replica.pool.lookup(keys, keys.length) * this.#replica.limits.blockSize;
  }
}
