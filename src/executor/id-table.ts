/**
 * The executor core's unfinished requests by id (RequestSet.get), with a dictionary's behaviour
 * (`set` on a held id replaces the value, `delete` removes whatever is held under the id) but
 * neither a Map nor a plain object: an open-addressed table (linear probing, backward-shift
 * deletion, at most half full, doubling when it fills) over the ids' FNV-1a hashes, which sit in
 * a parallel Int32Array (compared before the ids; the home slot of a record moved by a deletion).
 *
 *   slots:   [ r7 | -- | r2 | r9 | -- | ... ]   (size a power of two; -- free)
 *   hashes:  [ h7 | 0  | h2 | h9 | 0  | ... ]   (a record's home slot is hash & (size - 1))
 *
 * Why not a plain object used as a dictionary (the previous version): a property key must be an
 * internalized string, so every new request id was looked up in and inserted into V8's string
 * table (~6 us per request in a profile of the gateway at load 5). Why not a Map: a long-lived
 * Map with a set and a delete per request keeps dead requests reachable through scavenges (V8
 * keeps a replaced Map table's entries and a pointer to its successor; see
 * src/predictors/learned/id-cache.ts and docs/benchmarks.md, "Eighth session: the scavenge after
 * a burst"). This table is replaced only when it doubles, and the replaced arrays are cleared so
 * they point at no request.
 *
 * @example
 * const table = new IdTable<{ id: string }>();
 * table.set(request);
 * table.get(request.id); // request
 * table.delete(request.id);
 */
import { hashId } from '../core/ids.js';

/** `size` free slots in a packed array. */
function freeSlots<V>(size: number): (V | undefined)[] {
  const slots: (V | undefined)[] = [];
  for (let i = 0; i < size; i++) slots.push(undefined);
  return slots;
}

export class IdTable<V extends { readonly id: string }> {
  /** Records by slot (home hash & #mask, else the next free slot); undefined: free. */
  #slots: (V | undefined)[];
  /** Each slot's record's hashId (0 where free). */
  #hashes: Int32Array;
  #mask: number;
  #size = 0;

  /** `initial`: slots to start with (a power of two; the table doubles past half full). */
  constructor(initial = 64) {
    this.#slots = freeSlots(initial);
    this.#hashes = new Int32Array(initial);
    this.#mask = initial - 1;
  }

  /** Records held. */
  get size(): number {
    return this.#size;
  }

  get(id: string): V | undefined {
    return this.#slots[this.#find(id, hashId(id))];
  }

  /** Holds `value` under its id (replacing what was held under that id). */
  set(value: V): void {
    if (2 * (this.#size + 1) > this.#slots.length) this.#grow();
    const hash = hashId(value.id);
    const i = this.#find(value.id, hash);
    if (this.#slots[i] === undefined) {
      this.#hashes[i] = hash;
      this.#size++;
    }
    this.#slots[i] = value;
  }

  /** Removes what is held under `id`; true when something was. */
  delete(id: string): boolean {
    let i = this.#find(id, hashId(id));
    const slots = this.#slots;
    const hashes = this.#hashes;
    const mask = this.#mask;
    if (slots[i] === undefined) return false;
    // backward shift: move later records of the probe run into the hole when their home allows
    slots[i] = undefined;
    hashes[i] = 0;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const next = slots[j];
      if (next === undefined) break;
      const home = (hashes[j] as number) & mask;
      // `next` may move to the hole at i unless its home lies cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = next;
        hashes[i] = hashes[j] as number;
        slots[j] = undefined;
        hashes[j] = 0;
        i = j;
      }
    }
    this.#size--;
    return true;
  }

  /** Removes every record (the table keeps its size). */
  clear(): void {
    this.#slots.fill(undefined);
    this.#hashes.fill(0);
    this.#size = 0;
  }

  /** The slot holding `id` (its hash `hash`), or the empty slot that ends its probe run. */
  #find(id: string, hash: number): number {
    const slots = this.#slots;
    const hashes = this.#hashes;
    const mask = this.#mask;
    let i = hash & mask;
    for (let held = slots[i]; held !== undefined; held = slots[i]) {
      if (hashes[i] === hash && held.id === id) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Twice the slots; the old arrays are cleared (no dead array points at a request). */
  #grow(): void {
    const old = this.#slots;
    const oldHashes = this.#hashes;
    const size = 2 * old.length;
    const slots = freeSlots<V>(size);
    const hashes = new Int32Array(size);
    const mask = size - 1;
    for (let j = 0; j < old.length; j++) {
      const held = old[j];
      if (held === undefined) continue;
      const hash = oldHashes[j] as number;
      let i = hash & mask;
      while (slots[i] !== undefined) i = (i + 1) & mask;
      slots[i] = held;
      hashes[i] = hash;
    }
    old.fill(undefined);
    this.#slots = slots;
    this.#hashes = hashes;
    this.#mask = mask;
  }
}
