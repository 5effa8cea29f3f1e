/**
 * The executor core's unfinished requests: `all` in arrival order, its partitions by state
 * (`running`; `queued` = waiting + preempted; `preempted`), each in arrival order and kept by
 * sorted insert/removal on every state change (ordered-list.ts), the lookup by id, and the dense
 * indexes (`denseIndex` < `denseLimit`, reused after a request ends) the EngineView hands to
 * planners. The core changes a request's state only through these methods, so the partitions are
 * always a partition of `all` (src/executor/engine-view-partitions.test.ts checks it at every plan).
 * Every change of `queued` is also logged for the views (queued-log.ts) when the core enables it.
 *
 * `all` is compacted lazily (speed, issue 8): a request that ends leaves a hole (undefined) in the
 * backing list until `all` is read (or the holes outnumber the live); then one pass from the first
 * hole closes them all (never more moves than removing each at once). Planners that use the
 * partitions never read `all`, so an end then costs a binary search instead of moving half the list.
 *
 *   #list:      [ r0 | -- | r2 | ... ]   in add order, a hole where a request ended
 *   #listAdds:  [ 0  | 1  | 2  | ... ]   each entry's addIndex (increasing: binary search)
 */
import type { SeqView } from '../core/step-plan.js';
import { ExecRequest } from './exec-request.js';
import { IdTable } from './id-table.js';
import { insertOrdered, removeOrdered } from './ordered-list.js';
import { QueuedLog } from './queued-log.js';

export class RequestSet<R extends ExecRequest> {
  running: R[] = [];
  queued: R[] = [];
  preempted: R[] = [];
  /** Changes of `queued` between views (EngineView.queuedLog; off unless enabled). */
  readonly queuedLog = new QueuedLog();
  /** One more than the largest dense index handed out. */
  denseLimit = 0;
  readonly #freeDense: number[] = [];
  /**
   * Lookup by id: an open-addressed table over the ids' hashes (id-table.ts), neither a plain
   * object used as a dictionary (each new id was internalized into V8's string table: ~6 us per
   * gateway request) nor a Map (a long-lived Map with a set and a delete per request keeps dead
   * requests reachable through scavenges: src/predictors/learned/id-cache.ts).
   */
  readonly #byId = new IdTable<R>();
  #adds = 0;
  /** Every request added, in add order; a hole (undefined) where one ended, until compacted. */
  #list: (R | undefined)[] = [];
  /** The addIndex each entry of #list was added with (increasing). */
  #listAdds: number[] = [];
  /** Unfinished requests (the live entries of #list). */
  #count = 0;
  /** Index in #list of the first hole (#list.length when none). */
  #firstEnded = 0;

  /** Unfinished requests in arrival order (live array: read it, never keep or mutate it). */
  get all(): R[] {
    if (this.#list.length !== this.#count) this.#compact();
    // no holes after compaction
    return this.#list as R[];
  }

  /** Number of unfinished requests. */
  get count(): number {
    return this.#count;
  }

  get(id: string): R | undefined {
    return this.#byId.get(id);
  }

  /** `seq` itself if it is one of this set's unfinished requests (an identity check), else undefined. */
  own(seq: SeqView): R | undefined {
    // one field on the request's first cache line (no table lookup per scheduled entry)
    return ExecRequest.ownedBy(seq, this) ? (seq as R) : undefined;
  }

  /** A new waiting request: arrival order, a dense index, queued. */
  add(r: R): void {
    r.addIndex = this.#adds++;
    r.setOwner(this);
    r.denseIndex =
      this.#freeDense.length > 0 ? (this.#freeDense.pop() as number) : this.denseLimit++;
    if (this.#firstEnded === this.#list.length) this.#firstEnded++;
    this.#list.push(r);
    this.#listAdds.push(r.addIndex);
    this.#count++;
    this.queued.push(r);
    this.queuedLog.note(r, true);
    this.#byId.set(r);
  }

  /** A waiting or preempted request was admitted. */
  toRunning(r: R): void {
    removeOrdered(this.queued, r);
    this.queuedLog.note(r, false);
    if (r.state === 'preempted') removeOrdered(this.preempted, r);
    insertOrdered(this.running, r);
    r.state = 'running';
  }

  /** A running request was preempted (back to the queue). */
  toPreempted(r: R): void {
    removeOrdered(this.running, r);
    insertOrdered(this.queued, r);
    this.queuedLog.note(r, true);
    insertOrdered(this.preempted, r);
    r.state = 'preempted';
  }

  /** A request ended: out of every list; its dense index is free again. */
  remove(r: R): void {
    if (r.state === 'running') removeOrdered(this.running, r);
    else {
      if (removeOrdered(this.queued, r)) this.queuedLog.note(r, false);
      if (r.state === 'preempted') removeOrdered(this.preempted, r);
    }
    if (r.denseIndex >= 0) this.#freeDense.push(r.denseIndex);
    r.denseIndex = -1;
    r.setOwner(undefined);
    this.#byId.delete(r.id);
    const at = lowerBound(this.#listAdds, r.addIndex);
    if (this.#list[at] !== r) return; // not one of ours (drained)
    this.#list[at] = undefined;
    this.#count--;
    if (at < this.#firstEnded) this.#firstEnded = at;
    // compacted when read, or when the holes outnumber the live (amortised O(1) per end)
    if (this.#list.length - this.#count > Math.max(64, this.#count)) this.#compact();
  }

  /** Empties the set; returns the requests it held. */
  drain(): R[] {
    const left = this.all;
    for (const r of left) r.setOwner(undefined);
    this.#list = [];
    this.#listAdds = [];
    this.#count = 0;
    this.#firstEnded = 0;
    this.#byId.clear();
    this.running = [];
    this.queued = [];
    this.preempted = [];
    this.#freeDense.length = 0;
    this.denseLimit = 0;
    this.queuedLog.broken();
    return left;
  }

  /** Closes the holes of #list (one pass from the first; order kept). */
  #compact(): void {
    const list = this.#list;
    const adds = this.#listAdds;
    let n = this.#firstEnded;
    for (let i = n; i < list.length; i++) {
      const r = list[i];
      if (r !== undefined) {
        list[n] = r;
        adds[n] = adds[i] as number;
        n++;
      }
    }
    list.length = n;
    adds.length = n;
    this.#firstEnded = n;
  }
}

/** Index of the first entry >= `value` of `sorted` (increasing). */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
