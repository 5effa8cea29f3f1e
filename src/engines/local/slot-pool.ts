/**
 * The context's sequences ("slots") and the KV they hold. A slot is owned by at most one running
 * request. A freed slot keeps its tokens resident until another request claims it, so a later
 * request whose tokens extend them (a shared system prompt, a resumed preempted request) reuses that
 * KV: only the tokens after the common prefix are erased and recomputed (prefix reuse).
 * Among free slots, a claim takes the longest common prefix, else the least recently used slot.
 */
import type { LlamaContextSequence, Token } from 'node-llama-cpp';

export interface Slot {
  readonly index: number;
  readonly sequence: LlamaContextSequence;
  owner: string | undefined;
  lastUsed: number;
}

function commonPrefix(a: readonly number[], b: readonly number[], cap: number): number {
  const n = Math.min(a.length, b.length, cap);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

export class SlotPool {
  readonly #slots: Slot[];
  #tick = 0;
  /** Bumps whenever the set of free slots or their contents change (cache key for matches). */
  version = 0;

  constructor(sequences: readonly LlamaContextSequence[]) {
    this.#slots = sequences.map((sequence, index) => ({
      index,
      sequence,
      owner: undefined,
      lastUsed: 0,
    }));
  }

  get size(): number {
    return this.#slots.length;
  }

  get free(): number {
    return this.#slots.filter((s) => s.owner === undefined).length;
  }

  /** Longest resident prefix of `tokens` among free slots, at most `cap` tokens. */
  bestMatch(tokens: readonly number[], cap: number): { slot: Slot | undefined; length: number } {
    let best: Slot | undefined;
    let length = 0;
    for (const slot of this.#slots) {
      if (slot.owner !== undefined) continue;
      const m = commonPrefix(slot.sequence.contextTokens, tokens, cap);
      if (
        best === undefined ||
        m > length ||
        (m === length && m === 0 && slot.lastUsed < best.lastUsed)
      ) {
        best = slot;
        length = m;
      }
    }
    return { slot: best, length };
  }

  /**
   * Claims a free slot for `owner`, keeping the longest reusable prefix of `tokens` (at most `cap`)
   * and erasing the rest. Returns the slot and the reused length, or undefined when none is free.
   */
  async claim(
    owner: string,
    tokens: readonly number[],
    cap: number,
  ): Promise<{ slot: Slot; reused: number } | undefined> {
    const { slot, length } = this.bestMatch(tokens, cap);
    if (!slot) return undefined;
    slot.owner = owner;
    slot.lastUsed = ++this.#tick;
    this.version++;
    const resident = slot.sequence.nextTokenIndex;
    if (resident > length) {
      await slot.sequence.eraseContextTokenRanges([{ start: length, end: resident }]);
    }
    return { slot, reused: length };
  }

  /** Returns a slot to the free pool; its KV stays resident for reuse. */
  release(slot: Slot): void {
    slot.owner = undefined;
    slot.lastUsed = ++this.#tick;
    this.version++;
  }

  /** Frees a slot and drops its KV (after a failed evaluation, its state is not trusted). */
  async reset(slot: Slot): Promise<void> {
    slot.owner = undefined;
    this.version++;
    try {
      await slot.sequence.clearHistory();
    } catch {
      // a sequence that cannot even be cleared stays unusable for reuse; its tokens are ignored
    }
  }
}

export type { Token };
