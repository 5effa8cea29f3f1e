/**
 * The simulator's request: the executor core's state machine (ExecRequest) plus its paged KV in the
 * replica's BlockPool. It is the SeqView the batch policy sees; prefix-cache fields are getters,
 * memoised per step, so policies that never read them cost nothing.
 *
 *   blocks:  [16][16][16]...[partial]   (ids in the replica's BlockPool)
 *   keys:    chained prompt-prefix keys, then keys unique to this request
 */

import type { SchedRequest } from '../../core/request.js';
import type { Seconds } from '../../core/units.js';
import { ExecRequest } from '../../executor/exec-request.js';
import type { PredictorInput } from '../../predictors/predictor.js';
import { BlockList } from '../kv/block-list.js';
import type { BlockPool } from '../kv/block-pool.js';
import type { PrefixTier } from '../kv/prefix-tier.js';

/**
 * The simulator's request: the executor core's state machine (ExecRequest) plus its paged KV in
 * the replica's BlockPool.
 */
export class SimSeq extends ExecRequest {
  // hot fields first (field order is memory layout): the KV blocks every step grows and commits,
  // then the per-step memo of the prefix-cache lookup that planners read for queued requests
  /** Its KV blocks (ids in the replica's BlockPool), sized for prompt + output at construction. */
  readonly blocks: BlockList;
  /** Leading blocks registered in the prefix cache (the last `deferred` of them only due). */
  registered = 0;
  /**
   * Of `registered`, the trailing blocks whose registration is deferred (BlockPoolMemory: keys
   * unique to this request and never registered before, which no one can look up while it holds
   * them): registered at preemption, never when it finishes.
   */
  deferred = 0;
  /** Leading keys whose registration was ever attempted (keys at or past it were never cached). */
  keyedHigh = 0;
  #memoEpoch = -1;
  readonly #epoch: { value: number };
  #memoHit = 0;
  #memoGpuHit = 0;
  /** Leading keys shared with other requests (prompt prefix hashes). */
  readonly #chainLength: number;
  readonly #blockSize: number;
  readonly request: SchedRequest;
  /** Index of the request in the simulation's input (-1 outside runSimulation). */
  readonly traceIndex: number;
  readonly replica: number;
  /** What the predictor was given at arrival (passed again to `observe` on finish). */
  predictorInput?: PredictorInput;
  readonly #pool: BlockPool;
  readonly #keys: number[];
  readonly #uniqueBase: number;
  readonly #tier: PrefixTier | undefined;

  constructor(init: {
    request: SchedRequest;
    traceIndex?: number;
    seq: number;
    replica: number;
    pool: BlockPool;
    blockSize: number;
    epoch: { value: number };
    chainKeys: ArrayLike<number>;
    uniqueBase: number;
    sloTtft?: number | undefined;
    sloTbt?: number | undefined;
    /** The most KV blocks it can hold (prompt + output): its block list's size (grows if short). */
    maxBlocks?: number;
    /** Host-memory tier below the GPU prefix cache (prefix-tier.ts), if any. */
    tier?: PrefixTier;
  }) {
    const request = init.request;
    super({
      id: request.id,
      seq: init.seq,
      arrivalTime: request.arrivalTime,
      promptTokens: request.promptTokens,
      maxOutput: request.outputTokens,
      priority: request.priority,
      prefixHashes: request.prefixHashes,
      group: request.group,
      tenant: request.tenant,
      ttftSlo: (request.slo?.ttft ?? init.sloTtft) as Seconds | undefined,
      tbtSlo: (request.slo?.tbt ?? init.sloTbt) as Seconds | undefined,
    });
    this.request = request;
    this.blocks = new BlockList(init.maxBlocks);
    this.traceIndex = init.traceIndex ?? -1;
    this.replica = init.replica;
    this.#pool = init.pool;
    this.#blockSize = init.blockSize;
    this.#epoch = init.epoch;
    this.#keys = Array.from(init.chainKeys);
    this.#chainLength = this.#keys.length;
    this.#uniqueBase = init.uniqueBase;
    this.#tier = init.tier;
  }

  /** Leading keys shared with other requests (its prompt's prefix-hash chain). */
  get chainLength(): number {
    return this.#chainLength;
  }
  /** Blocks held (`heldBlocks`: BlockPoolMemory keeps it equal to `blocks.length`). */
  get kvBlocks(): number {
    return this.heldBlocks;
  }
  get exclusiveBlocks(): number {
    let n = 0;
    const blocks = this.blocks;
    for (let i = 0; i < blocks.length; i++) if (this.#pool.refCount(blocks.at(i)) === 1) n++;
    return n;
  }
  /** Prefix-cache hit (tokens) if admitted now; at least one token is always left to compute. */
  get cachedTokens(): number {
    if (this.state === 'running' || this.swapped) return 0;
    return this.hitBlocks() * this.#blockSize;
  }
  get cachedBlocksInUse(): number {
    if (this.state === 'running' || this.swapped) return 0;
    return this.#pool.inUse(this.#keys, this.gpuHitBlocks());
  }

  /**
   * Leading cached blocks usable now (memoised per engine step): the GPU prefix-cache hit, then
   * the blocks that follow it in the host tier (loaded over PCIe on admission).
   */
  hitBlocks(): number {
    if (this.#memoEpoch === this.#epoch.value) return this.#memoHit;
    if (this.#chainLength === 0 && !this.admitted) {
      // no shared-prefix keys and never admitted: its own keys were never registered anywhere
      this.#memoGpuHit = 0;
      this.#memoHit = 0;
      this.#memoEpoch = this.#epoch.value;
      return 0;
    }
    const limit = Math.floor((this.needed - 1) / this.#blockSize);
    this.ensureKeys(limit);
    const gpu = this.#pool.lookup(this.#keys, limit);
    this.#memoGpuHit = gpu;
    this.#memoHit = gpu + (this.#tier ? this.#tier.lookup(this.#keys, gpu, limit) : 0);
    this.#memoEpoch = this.#epoch.value;
    return this.#memoHit;
  }

  /**
   * Forgets this step's memoised hit: an admission earlier in the same step can have evicted one
   * of the cached blocks the planner saw, so admission looks the prefix up again.
   */
  forgetHit(): void {
    this.#memoEpoch = -1;
  }

  /** Of `hitBlocks()`, the leading blocks cached in GPU memory. */
  gpuHitBlocks(): number {
    this.hitBlocks();
    return this.#memoGpuHit;
  }

  /** Block keys 0..count-1 (chained prompt hashes, then keys unique to this request). */
  keys(count: number): readonly number[] {
    this.ensureKeys(count);
    return this.#keys;
  }

  ensureKeys(count: number): void {
    for (let k = this.#keys.length; k < count; k++) this.#keys.push(this.#uniqueBase + k);
  }
}
