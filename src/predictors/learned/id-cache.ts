/**
 * A bounded cache by request id with a Map's behaviour (entries in insertion order, the oldest
 * evicted once more than `capacity` are held, a `set` on a held id keeps its place, a deleted
 * id set again goes last) but no Map: a plain object used as a dictionary, and the insertion
 * order in an array of records (stale ones skipped and compacted away).
 *
 * Why not a Map: V8 replaces a Map's backing table when deletions fill it, and the replaced
 * table keeps its entries and a pointer to its successor (for iterators). A long-lived Map with
 * a set and a delete per request lives in the old generation, so its replaced tables are old
 * objects pointing at young ones, which every scavenge treats as roots although they are dead:
 * each table and every entry it names survive and are promoted, and the chain goes on until a
 * mark-compact. In the gateway (`llmsched serve`) that promoted every request's features (~6 MB
 * per scavenge at 64 connections, 20-40 ms pauses; docs/benchmarks.md, "Eighth session: the
 * scavenge after a burst"). A dictionary's replaced table points at nothing newer.
 *
 * @example
 * const cache = new IdCache<Entry>(4096);
 * cache.set('r1', entry);
 * cache.get('r1'); // entry
 * cache.delete('r1');
 */

interface Held<V> {
  readonly id: string;
  /** Undefined once deleted (a stale record then keeps nothing alive). */
  value: V | undefined;
}

export class IdCache<V> {
  readonly capacity: number;
  #byId: Record<string, Held<V> | undefined> = Object.create(null);
  /** Records in insertion order from `#head`; stale ones (deleted, evicted) are skipped. */
  #order: (Held<V> | undefined)[] = [];
  #head = 0;
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
    const fresh: Held<V> = { id, value };
    this.#byId[id] = fresh;
    this.#order.push(fresh);
    this.#size++;
    if (this.#size > this.capacity) this.#evictOldest();
    const pending = this.#order.length - this.#head;
    if (pending > 2 * this.#size + 64 || this.#head > Math.max(1024, pending)) this.#compact();
  }

  delete(id: string): boolean {
    const held = this.#byId[id];
    if (held === undefined) return false;
    delete this.#byId[id];
    held.value = undefined;
    this.#size--;
    return true;
  }

  clear(): void {
    this.#byId = Object.create(null);
    this.#order = [];
    this.#head = 0;
    this.#size = 0;
  }

  /** The held values, oldest first. */
  values(): V[] {
    const out: V[] = [];
    for (let i = this.#head; i < this.#order.length; i++) {
      const held = this.#order[i];
      if (held !== undefined && this.#byId[held.id] === held) out.push(held.value as V);
    }
    return out;
  }

  #evictOldest(): void {
    const order = this.#order;
    while (this.#head < order.length) {
      const held = order[this.#head];
      order[this.#head++] = undefined;
      if (held !== undefined && this.#byId[held.id] === held) {
        this.delete(held.id);
        return;
      }
    }
  }

  /** Drops the stale records (order kept). */
  #compact(): void {
    const order = this.#order;
    let n = 0;
    for (let i = this.#head; i < order.length; i++) {
      const held = order[i];
      if (held !== undefined && this.#byId[held.id] === held) order[n++] = held;
    }
    order.length = n;
    this.#head = 0;
  }
}
