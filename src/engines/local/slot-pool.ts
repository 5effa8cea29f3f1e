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
  readonly #memo = new WeakMap<object, { version: number; cap: number; length: number }>();
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
    let n = 0;
    for (const s of this.#slots) if (s.owner === undefined) n++;
    return n;
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
   * `bestMatch(tokens(owner), cap).length`, memoised per owner until the free slots change (the
   * view asks it for every waiting request every step).
   */
  bestMatchLength<T extends object>(owner: T, tokens: (owner: T) => number[], cap: number): number {
    const memo = this.#memo.get(owner);
    if (memo && memo.version === this.version && memo.cap === cap) return memo.length;
    const length = this.bestMatch(tokens(owner), cap).length;
    this.#memo.set(owner, { version: this.version, cap, length });
    return length;
  }

  /**
   * Claims the free slot with the longest resident prefix of `tokens` for `owner`, keeping its
   * first `keep` tokens (at most the common prefix) and erasing the rest: `erased` settles when
   * llama.cpp has dropped them. Undefined when no slot is free.
   */
  claim(
    owner: string,
    tokens: readonly number[],
    keep: number,
  ): { slot: Slot; erased: Promise<void> } | undefined {
    const { slot, length } = this.bestMatch(tokens, tokens.length);
    if (!slot) return undefined;
    const kept = Math.min(keep, length);
    slot.owner = owner;
    slot.lastUsed = ++this.#tick;
    this.version++;
    const resident = slot.sequence.nextTokenIndex;
    const erased =
      resident > kept
        ? slot.sequence.eraseContextTokenRanges([{ start: kept, end: resident }])
        : Promise.resolve();
    return { slot, erased };
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
