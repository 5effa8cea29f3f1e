/**
 * A bounded cache by request id with a Map's behaviour (entries in insertion order, the oldest
 * evicted once more than `capacity` are held, a `set` on a held id keeps its place, a deleted
 * id set again goes last) but no Map: a plain object used as a dictionary, its records linked in
 * insertion order (a removed record's links cleared).
 *
 * Why not a Map: V8 replaces a Map's backing table when deletions fill it, and the replaced
 * table keeps its entries and a pointer to its successor (for iterators). A long-lived Map with
 * a set and a delete per request lives in the old generation, so its replaced tables are old
 * objects pointing at young ones, which every scavenge treats as roots although they are dead:
 * each table and every entry it names survive and are promoted, and the chain goes on until a
 * mark-compact. In the gateway (`llmsched serve`) that promoted every request's features (~6 MB
 * per scavenge at 64 connections, 20-40 ms pauses; docs/benchmarks.md, "Eighth session: the
 * scavenge after a burst"). A dictionary's replaced table points at nothing newer. (Nor an array of
 * records in insertion order: its length going down and up made the same promotions, 5 MB per
 * scavenge, perhaps through the backing stores it drops when it grows.)
 *
 * @example
 * const cache = new IdCache<Entry>(4096);
 * cache.set('r1', entry);
 * cache.get('r1'); // entry
 * cache.delete('r1');
 */

interface Held<V> {
  readonly id: string;
  value: V;
  older: Held<V> | undefined;
  newer: Held<V> | undefined;
}

export class IdCache<V> {
  readonly capacity: number;
  #byId: Record<string, Held<V> | undefined> = Object.create(null);
  #oldest: Held<V> | undefined;
  #newest: Held<V> | undefined;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  get(id: string): V | undefined {
    return this.#byId[id]?.value;
  }

  set(id: string, value: V): void {
    const held = this.#byId[id];
    if (held !== undefined) {
      held.value = value;
      return;
    }
    const fresh: Held<V> = { id, value, older: this.#newest, newer: undefined };
    if (this.#newest === undefined) this.#oldest = fresh;
    else this.#newest.newer = fresh;
    this.#newest = fresh;
    this.#byId[id] = fresh;
    this.#size++;
    if (this.#size > this.capacity && this.#oldest !== undefined) this.delete(this.#oldest.id);
  }

  delete(id: string): boolean {
    const held = this.#byId[id];
    if (held === undefined) return false;
    delete this.#byId[id];
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
    this.#byId = Object.create(null);
  }

  /** The held values, oldest first. */
  values(): V[] {
    const out: V[] = [];
    for (let h = this.#oldest; h !== undefined; h = h.newer) out.push(h.value);
    return out;
  }
}
