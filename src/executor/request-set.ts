/**
 * The executor core's unfinished requests: `all` in arrival order, its partitions by state
 * (`running`; `queued` = waiting + preempted; `preempted`), each in arrival order and kept by
 * sorted insert/removal on every state change (ordered-list.ts), the lookup by id, and the dense
 * indexes (`denseIndex` < `denseLimit`, reused after a request ends) the EngineView hands to
 * planners. The core changes a request's state only through these methods, so the partitions are
 * always a partition of `all` (src/executor/engine-view-partitions.test.ts checks it at every plan).
 */
import type { SeqView } from '../core/step-plan.js';
import type { ExecRequest } from './exec-request.js';
import { insertOrdered, removeOrdered } from './ordered-list.js';

export class RequestSet<R extends ExecRequest> {
  /** Unfinished requests in arrival order. */
  all: R[] = [];
  running: R[] = [];
  queued: R[] = [];
  preempted: R[] = [];
  /** One more than the largest dense index handed out. */
  denseLimit = 0;
  readonly #freeDense: number[] = [];
  readonly #byId = new Map<string, R>();
  /** Each unfinished request at its dense index (holes: free indexes). */
  readonly #byDense: (R | undefined)[] = [];
  #adds = 0;

  get(id: string): R | undefined {
    return this.#byId.get(id);
  }

  /** `seq` itself if it is one of this set's unfinished requests (an identity check), else undefined. */
  own(seq: SeqView): R | undefined {
    const r = this.#byDense[seq.denseIndex ?? -1];
    return r === seq ? r : undefined;
  }

  /** A new waiting request: arrival order, a dense index, queued. */
  add(r: R): void {
    r.addIndex = this.#adds++;
    r.denseIndex =
      this.#freeDense.length > 0 ? (this.#freeDense.pop() as number) : this.denseLimit++;
    this.all.push(r);
    this.queued.push(r);
    this.#byId.set(r.id, r);
    this.#byDense[r.denseIndex] = r;
  }

  /** A waiting or preempted request was admitted. */
  toRunning(r: R): void {
    removeOrdered(this.queued, r);
    if (r.state === 'preempted') removeOrdered(this.preempted, r);
    insertOrdered(this.running, r);
    r.state = 'running';
  }

  /** A running request was preempted (back to the queue). */
  toPreempted(r: R): void {
    removeOrdered(this.running, r);
    insertOrdered(this.queued, r);
    insertOrdered(this.preempted, r);
    r.state = 'preempted';
  }

  /** A request ended: out of every list; its dense index is free again. */
  remove(r: R): void {
    if (r.state === 'running') removeOrdered(this.running, r);
    else {
      removeOrdered(this.queued, r);
      if (r.state === 'preempted') removeOrdered(this.preempted, r);
    }
    if (r.denseIndex >= 0) {
      this.#freeDense.push(r.denseIndex);
      this.#byDense[r.denseIndex] = undefined;
    }
    r.denseIndex = -1;
    this.#byId.delete(r.id);
    // binary search + shift: a pass over every request was a visible cost
    removeOrdered(this.all, r);
  }

  /** Empties the set; returns the requests it held. */
  drain(): R[] {
    const left = this.all;
    this.all = [];
    this.#byId.clear();
    this.running = [];
    this.queued = [];
    this.preempted = [];
    this.#freeDense.length = 0;
    this.#byDense.length = 0;
    this.denseLimit = 0;
    return left;
  }
}
