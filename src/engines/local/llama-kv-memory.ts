/**
 * The local engine's KV memory facade for the executor core: llama.cpp's sequences ("slots", one
 * per running request, at most `contextPerSlot` tokens each) under a KV-cell budget of
 * `totalBlocks` x `blockSize` cells shared by all running requests. With a budget below
 * slots x contextPerSlot the policy must preempt for memory, and it does so on real compute.
 *
 *   admit:   claim the free slot with the longest resident prefix (option: any prefix, whole
 *            blocks, or none), charge its blocks; the slot's stale cells after the prefix are erased before
 *            the step runs (`flush`)
 *   grow:    charge ceil((computed + tokens) / blockSize) blocks
 *   preempt / release: free the slot and its blocks; its cells stay resident, so a later request
 *            (the resumed one, or one sharing the prefix) reuses them
 */
import type { PreemptMode } from '../../core/step-plan.js';
import type { KvMemory } from '../../executor/kv-memory.js';
import { allTokens, type LiveRequest } from './live-request.js';
import type { SlotPool } from './slot-pool.js';

export class LlamaKvMemory implements KvMemory<LiveRequest> {
  readonly blockSize: number;
  readonly totalBlocks: number;
  readonly swaps = false;
  readonly #slots: SlotPool;
  readonly #prefixReuse: 'token' | 'block' | 'none';
  #used = 0;
  #pending: Promise<void>[] = [];

  constructor(
    slots: SlotPool,
    blockSize: number,
    totalBlocks: number,
    prefixReuse: 'token' | 'block' | 'none',
  ) {
    this.#slots = slots;
    this.blockSize = blockSize;
    this.totalBlocks = totalBlocks;
    this.#prefixReuse = prefixReuse;
  }

  get freeBlocks(): number {
    return this.totalBlocks - this.#used;
  }
  get usedBlocks(): number {
    return this.#used;
  }

  /** Resident prefix a claim would reuse now, memoised on the slot pool's version. */
  cachedTokens(r: LiveRequest): number {
    if (this.#prefixReuse === 'none') return 0;
    const match = this.#slots.bestMatchLength(r, allTokens, r.needed - 1);
    if (this.#prefixReuse === 'token') return match;
    return Math.floor(match / this.blockSize) * this.blockSize;
  }

  admit(r: LiveRequest): number {
    const reuse = this.cachedTokens(r);
    const blocks = Math.ceil(reuse / this.blockSize);
    if (blocks > this.freeBlocks) return -1;
    const claim = this.#slots.claim(r.id, allTokens(r), reuse);
    if (claim === undefined) return -1;
    this.#pending.push(claim.erased);
    r.slot = claim.slot;
    r.blocks = blocks;
    this.#used += blocks;
    r.computed = reuse;
    return 0;
  }

  swapIn(): number {
    return -1;
  }

  grow(r: LiveRequest, tokens: number): boolean {
    const need = Math.ceil((r.computed + tokens) / this.blockSize) - r.blocks;
    if (need <= 0) return true;
    if (need > this.freeBlocks) return false;
    r.blocks += need;
    this.#used += need;
    return true;
  }

  committed(): void {}

  preempt(r: LiveRequest, _mode: PreemptMode): number {
    const held = r.blocks;
    this.release(r);
    return held;
  }

  release(r: LiveRequest): void {
    this.#used -= r.blocks;
    r.blocks = 0;
    if (r.slot) this.#slots.release(r.slot);
    r.slot = undefined;
  }

  /** Waits for the slot erasures the step's admissions queued. */
  async flush(): Promise<void> {
    const pending = this.#pending;
    if (pending.length === 0) return;
    this.#pending = [];
    await Promise.all(pending);
  }
}
