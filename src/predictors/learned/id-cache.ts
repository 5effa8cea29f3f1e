/**
 * A bounded cache by request id with a Map's behaviour (entries in insertion order, the oldest
 * evicted once more than `capacity` are held, a `set` on a held id keeps its place, a deleted
 * id set again goes last) but no Map: an open-addressed table of fixed size (linear probing,
 * backward-shift deletion, at most half full) over the ids' FNV-1a hashes, its records linked in
 * insertion order (a removed record's links cleared).
 *
 * Why not a Map: V8 replaces a Map's backing table when deletions fill it, and the replaced
 * table keeps its entries and a pointer to its successor (for iterators). A long-lived Map with
 * a set and a delete per request lives in the old generation, so its replaced tables are old
 * objects pointing at young ones, which every scavenge treats as roots although they are dead:
 * each table and every entry it names survive and are promoted, and the chain goes on until a
 * mark-compact. In the gateway (`llmsched serve`) that promoted every request's features (~6 MB
 * per scavenge at 64 connections, 20-40 ms pauses; docs/benchmarks.md, "Eighth session: the
 * scavenge after a burst"). A table of fixed size is never replaced. (Nor an array of records in
 * insertion order: its length going down and up made the same promotions, 5 MB per scavenge,
 * perhaps through the backing stores it drops when it grows.)
 *
 * Why not a plain object used as a dictionary (the previous version): a property key must be an
 * internalized string, so each new id was looked up in V8's string table on the first `get`
 * (a miss) and inserted into it on `set` (a copy in the old generation until a mark-compact),
 * ~10% of the learned predictor's CPU per gateway request (bench/predict-gateway.ts).
 *
 * @example
 * const cache = new IdCache<Entry>(4096);
 * cache.set('r1', entry);
 * cache.get('r1'); // entry
 * cache.delete('r1');
 */
import { hashId } from '../../core/ids.js';

interface Held<V> {
  readonly id: string;
  readonly hash: number;
  value: V;
  older: Held<V> | undefined;
  newer: Held<V> | undefined;
}

export class IdCache<V> {
  readonly capacity: number;
  /** Records by slot (hash & #mask, then the next free slot); undefined: free. */
  readonly #slots: (Held<V> | undefined)[] = [];
  readonly #mask: number;
  #oldest: Held<V> | undefined;
  #newest: Held<V> | undefined;
  #size = 0;
  // the last id hashed: a get or a set is usually followed by a set or a delete of the same id
  #lastId: string | undefined;
  #lastHash = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    let size = 8;
    while (size < 2 * (capacity + 1)) size *= 2;
    this.#mask = size - 1;
    for (let i = 0; i < size; i++) this.#slots.push(undefined);
  }

  get size(): number {
    return this.#size;
  }

  #hash(id: string): number {
    if (id === this.#lastId) return this.#lastHash;
    const hash = hashId(id);
    this.#lastId = id;
    this.#lastHash = hash;
    return hash;
  }

  /** The slot holding `id`, or -1. */
  #find(id: string, hash: number): number {
    const slots = this.#slots;
    for (let i = hash & this.#mask; ; i = (i + 1) & this.#mask) {
      const held = slots[i];
      if (held === undefined) return -1;
      if (held.hash === hash && held.id === id) return i;
    }
  }

  get(id: string): V | undefined {
    const slot = this.#find(id, this.#hash(id));
    return slot < 0 ? undefined : this.#slots[slot]?.value;
  }

  set(id: string, value: V): void {
    const hash = this.#hash(id);
    const slots = this.#slots;
    let i = hash & this.#mask;
    for (; ; i = (i + 1) & this.#mask) {
      const held = slots[i];
      if (held === undefined) break;
      if (held.hash === hash && held.id === id) {
        held.value = value;
        return;
      }
    }
    const fresh: Held<V> = { id, hash, value, older: this.#newest, newer: undefined };
    if (this.#newest === undefined) this.#oldest = fresh;
    else this.#newest.newer = fresh;
    this.#newest = fresh;
    slots[i] = fresh;
    this.#size++;
    if (this.#size > this.capacity && this.#oldest !== undefined) this.delete(this.#oldest.id);
  }

  delete(id: string): boolean {
    let i = this.#find(id, this.#hash(id));
    if (i < 0) return false;
    const slots = this.#slots;
    const mask = this.#mask;
    const held = slots[i] as Held<V>;
    // backward shift: move later records of the probe run into the hole when their home allows
    slots[i] = undefined;
    for (let j = (i + 1) & mask; ; j = (j + 1) & mask) {
      const next = slots[j];
      if (next === undefined) break;
      const home = next.hash & mask;
      // `next` may move to the hole at i unless its home lies cyclically in (i, j]
      if (i <= j ? home <= i || home > j : home <= i && home > j) {
        slots[i] = next;
        slots[j] = undefined;
        i = j;
      }
    }
    const { older, newer } = held;
    if (older === undefined) this.#oldest = newer;
    else older.newer = newer;
    if (newer === undefined) this.#newest = older;
    else newer.older = older;
    held.older = undefined;
    held.newer = undefined;
    this.#size--;
    return true;
  }

  clear(): void {
    while (this.#oldest !== undefined) this.delete(this.#oldest.id);
  }

  /** The held values, oldest first. */
  values(): V[] {
    const out: V[] = [];
    for (let h = this.#oldest; h !== undefined; h = h.newer) out.push(h.value);
    return out;
  }
}
