/**
 * An insertion-ordered list of gateway requests threaded through the requests themselves (each
 * request carries its two links and the list it is in; a request is in at most one list at a
 * time: the waiting list, or one backend's running list): O(1) add, delete and membership,
 * iteration in insertion order, and no hash table.
 *
 * Why not a Set or a Map: V8's ordered hash tables (the backing store of every Map and Set) are
 * replaced when deletions fill them, and the replaced table keeps its entries and a pointer to its
 * successor (for iterators that may still walk it). A long-lived Set with an add and a delete per
 * request sits in the old generation, so its replaced tables are old objects pointing at young
 * ones, which a scavenge treats as roots although the table is dead: the next table and every
 * request its entries name (with the request's http objects) survive and are promoted, each
 * promoted table points at the next, and the chain goes on until a mark-compact. With 64
 * connections that promoted ~2-7 MB per scavenge (5-25 ms pauses), and at 500 req/s after such a
 * burst the first scavenges still copied megabytes (docs/benchmarks.md, "Eighth session: the
 * scavenge after a burst"). A request removed from this list has its links cleared, so nothing
 * dead points at anything young.
 *
 * @example
 * const waiting = new RequestList();
 * waiting.add(request);
 * for (let r = waiting.first; r !== undefined; r = r.listNext) visit(r); // no deletes inside
 * waiting.delete(request); // request.listNext, listPrev, list: undefined again
 */
import type { GatewayRequest } from './gateway-request.js';

export class RequestList {
  #first: GatewayRequest | undefined;
  #last: GatewayRequest | undefined;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The oldest member (then follow `listNext`). */
  get first(): GatewayRequest | undefined {
    return this.#first;
  }

  has(request: GatewayRequest): boolean {
    return request.list === this;
  }

  /** Appends `request`, which must be in no list. */
  add(request: GatewayRequest): void {
    if (request.list !== undefined) throw new Error(`request ${request.id} is already in a list`);
    request.list = this;
    request.listPrev = this.#last;
    if (this.#last === undefined) this.#first = request;
    else this.#last.listNext = request;
    this.#last = request;
    this.#size++;
  }

  /** Removes `request` if it is here (its links cleared); whether it was. */
  delete(request: GatewayRequest): boolean {
    if (request.list !== this) return false;
    const prev = request.listPrev;
    const next = request.listNext;
    if (prev === undefined) this.#first = next;
    else prev.listNext = next;
    if (next === undefined) this.#last = prev;
    else next.listPrev = prev;
    request.list = undefined;
    request.listPrev = undefined;
    request.listNext = undefined;
    this.#size--;
    return true;
  }

  /** The members in insertion order, as a new array (safe to change the list while reading it). */
  toArray(): GatewayRequest[] {
    const out: GatewayRequest[] = [];
    for (let r = this.#first; r !== undefined; r = r.listNext) out.push(r);
    return out;
  }
}
