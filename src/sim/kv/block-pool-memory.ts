/**
 * The simulator's KV memory facade for the executor core: paged blocks of the replica's BlockPool,
 * prefix-cache hits on admission (vLLM APC / SGLang radix), full blocks registered as they fill,
 * swap modelled as freeing the GPU blocks and re-allocating them on resume; an optional host-memory
 * tier below the prefix cache (prefix-tier.ts) whose blocks are loaded over PCIe on admission.
 * Keeps the core's fast-path fields (`heldBlocks` = held blocks, `kvRoom` = held blocks x block size, `commitAt` = the token
 * count that fills the next unregistered block) in step with `blocks` and `registered`.
 */

import type { PreemptMode } from '../../core/step-plan.js';
import type { KvMemory } from '../../executor/kv-memory.js';
import type { SimSeq } from '../engine/sim-seq.js';
import type { BlockList } from './block-list.js';
import type { BlockPool } from './block-pool.js';
import type { PrefixTier } from './prefix-tier.js';

/**
 * The simulator's KV memory facade for the executor core: paged blocks of the replica's BlockPool,
 * prefix-cache hits on admission (vLLM APC / SGLang radix), full blocks registered as they fill,
 * swap modelled as freeing the GPU blocks and re-allocating them on resume; an optional host-
 * memory tier below the prefix cache (prefix-tier.ts) whose blocks are loaded over PCIe on
 * admission.
 */
export class BlockPoolMemory implements KvMemory<SimSeq> {
  readonly pool: BlockPool;
  readonly blockSize: number;
  readonly swaps = true;
  readonly tier: PrefixTier | undefined;
  /** Prefix blocks copied from the host tier instead of prefilled. */
  tierLoadedBlocks = 0;
  readonly #secondsPerBlock: number;
  /** Defer registering keys unique to a request (see `committed`): hash mode without a tier. */
  readonly #lazy: boolean;

  constructor(pool: BlockPool, blockSize: number, tier?: PrefixTier, secondsPerBlock = 0) {
    this.pool = pool;
    this.blockSize = blockSize;
    this.tier = tier;
    this.#secondsPerBlock = secondsPerBlock;
    pool.evictionSink = tier;
    this.#lazy = pool.mode === 'hash' && tier === undefined;
  }

  get totalBlocks(): number {
    return this.pool.total;
  }
  get freeBlocks(): number {
    return this.pool.freeBlocks;
  }
  get usedBlocks(): number {
    return this.pool.usedBlocks;
  }

  admit(r: SimSeq, now: number): number {
    r.forgetHit(); // the planner's view of the hit may predate an eviction earlier in this step
    const gpu = r.gpuHitBlocks();
    const keys = r.keys(r.hitBlocks());
    const blocks = r.blocks;
    blocks.clear();
    this.pool.touch(keys, gpu, now, blocks);
    const loaded = this.#loadFromTier(keys, gpu, r.hitBlocks() - gpu, blocks, now);
    const hit = gpu + loaded;
    r.registered = hit;
    r.computed = hit * this.blockSize;
    this.#sync(r);
    return loaded * this.#secondsPerBlock;
  }

  /**
   * Copies `count` host-tier blocks (keys[from ..]) into fresh GPU blocks appended to `blocks`,
   * registered under their keys; returns how many were loaded (0 when GPU blocks are short).
   * The transfer is charged at PCIe bandwidth (swap seconds per block each).
   */
  #loadFromTier(
    keys: readonly number[],
    from: number,
    count: number,
    blocks: BlockList,
    now: number,
  ): number {
    if (count <= 0 || !this.tier) return 0;
    const got = this.pool.allocate(count, now);
    if (got === null) return 0;
    for (let i = 0; i < count; i++) {
      const block = got[i] as number;
      this.pool.register(
        block,
        keys[from + i] as number,
        blocks.length > 0 ? blocks.at(blocks.length - 1) : -1,
      );
      blocks.push(block);
    }
    this.tier.load(keys, from, count);
    this.tierLoadedBlocks += count;
    return count;
  }

  swapIn(r: SimSeq, now: number): number {
    const blocks = Math.ceil(r.computed / this.blockSize);
    if (blocks > this.pool.freeBlocks) return -1;
    r.blocks.clear();
    this.pool.allocateInto(r.blocks, blocks, now);
    r.registered = 0;
    this.#sync(r);
    return blocks;
  }

  grow(r: SimSeq, tokens: number, now: number): boolean {
    const need = Math.ceil((r.computed + tokens) / this.blockSize) - r.blocks.length;
    if (need <= 0) return true;
    if (need === 1) {
      const block = this.pool.allocateOne(now);
      if (block < 0) return false;
      r.blocks.push(block);
    } else if (!this.pool.allocateInto(r.blocks, need, now)) return false;
    r.heldBlocks = r.blocks.length;
    r.kvRoom = r.heldBlocks * this.blockSize;
    return true;
  }

  /**
   * Full blocks enter the prefix cache. Deferred (exact; speed, issue 8): in hash mode without a
   * host tier, a block whose key is unique to the request (past its prefix-hash chain) and was
   * never registered before is registered only if the request is preempted (its recompute or
   * swap-in may hit it), in order, just before its blocks are freed; when the request finishes
   * such blocks are never registered (no one else can ever look their keys up), only their later
   * reuse is counted as an eviction (`BlockPool.retire`). While the request holds them no lookup
   * can see them: only the request itself looks its unique keys up, and not while running; a key
   * never registered is cached by no other block, so the deferred registration does what the
   * eager one would (the parent block is held by the request, its key unchanged meanwhile).
   */
  committed(r: SimSeq): void {
    const bs = this.blockSize;
    const computed = r.computed;
    if (computed < (r.registered + 1) * bs) return;
    const full = Math.floor(computed / bs);
    let from = r.registered;
    if (this.#lazy) {
      const eagerTo = r.deferred > 0 ? from : Math.min(full, Math.max(r.chainLength, r.keyedHigh));
      if (from < eagerTo) {
        this.#register(r, from, eagerTo);
        from = eagerTo;
      }
      r.deferred += full - from;
    } else this.#register(r, from, full);
    r.registered = full;
    r.commitAt = (full + 1) * bs;
  }

  /** Registers blocks from..to-1 of `r` under its keys (each chained to the block before it). */
  #register(r: SimSeq, from: number, to: number): void {
    const keys = r.keys(to);
    const ids = r.blocks.ids;
    for (let k = from; k < to; k++) {
      this.pool.register(ids[k] as number, keys[k] as number, k > 0 ? (ids[k - 1] as number) : -1);
    }
    if (to > r.keyedHigh) r.keyedHigh = to;
  }

  preempt(r: SimSeq, _mode: PreemptMode, now: number): number {
    const held = r.blocks.length;
    if (r.deferred > 0) {
      this.#register(r, r.registered - r.deferred, r.registered);
      r.deferred = 0;
    }
    this.pool.release(r.blocks.ids, now, held);
    r.blocks.clear();
    r.registered = 0;
    this.#sync(r);
    return held;
  }

  release(r: SimSeq, now: number): void {
    if (r.deferred > 0) {
      this.pool.retire(r.blocks.ids, r.registered - r.deferred, r.registered);
      r.deferred = 0;
    }
    this.pool.release(r.blocks.ids, now, r.blocks.length);
    r.blocks.clear();
    this.#sync(r);
  }

  /** The core's fast-path fields after `blocks` or `registered` changed. */
  #sync(r: SimSeq): void {
    r.heldBlocks = r.blocks.length;
    r.kvRoom = r.heldBlocks * this.blockSize;
    r.commitAt = (r.registered + 1) * this.blockSize;
  }
}
