/**
 * A scratch ledger that a batch policy fills during ONE `plan` call: it tracks the token budget,
 * the sequence count, and free KV blocks as the policy schedules and preempts, so a plan never asks
 * for more than the executor has. Local mutation only; the policy stays a pure function of the view.
 *
 *   free blocks:  [ view.freeBlocks ] - allocations + blocks freed by preemptions
 *   admission:    a request that holds no KV (waiting/preempted) must leave `watermarkBlocks` free
 */

import { FlatStepPlan } from '../../core/flat-step-plan.js';
import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { blocksFreed, blocksNeeded, computedTokens } from './seq-tokens.js';

/**
 * A step being built: its token budget, sequence count and free blocks, and the checks and adds a
 * planner uses.
 */
export interface StepBuilder {
  readonly budget: number;
  readonly count: number;
  readonly freeBlocks: number;
  readonly preemptedAny: boolean;
  /** True when `seq` with `tokens` fits budget, maxSeqs and memory (watermark on admission). */
  fits(seq: SeqView, tokens: number): boolean;
  /** True when memory alone fits (ignoring budget and maxSeqs). */
  fitsMemory(seq: SeqView, tokens: number): boolean;
  /** Schedules `seq` for `tokens` tokens; returns false (and changes nothing) if it does not fit. */
  add(seq: SeqView, tokens: number): boolean;
  /**
   * `add` for a running request the caller knows is neither scheduled nor preempted in this plan
   * (a running list without repeats, victims taken out of it): no membership check. Memory is
   * checked first: 'memory' = its KV does not fit, 'full' = budget or max_num_seqs, nothing
   * changed in either case.
   */
  addRunning(seq: SeqView, tokens: number): AddRunning;
  /**
   * `addRunning` of running[from], running[from + 1], ... each with `chunkFor(seq, chunkCap,
   * budget)` tokens, while the budget lasts and each is a running request that is added; returns
   * the index of the first not added (running.length when all were). The same conditions as
   * `addRunning` in a loop (speed, issue 8: one read of the computed tokens per request).
   */
  addRunningFrom(running: readonly SeqView[], from: number, chunkCap: number): number;
  /** Preempts `seq`; if it was scheduled in this plan, unschedules it and refunds its budget. */
  preempt(seq: SeqView, mode: PreemptMode): void;
  isScheduled(seq: SeqView): boolean;
  isPreempted(seq: SeqView): boolean;
  build(): StepPlan;
}

/** What `addRunning` did: scheduled, or why not. */
export type AddRunning = 'added' | 'memory' | 'full';

export function createStepBuilder(view: EngineView, budgetOverride?: number): StepBuilder {
  return new StepLedger(view, budgetOverride ?? view.limits.maxBatchedTokens);
}

/**
 * The StepBuilder as a class (methods on the prototype: nothing but the ledger itself is allocated
 * per plan call). Scheduled entries are parallel arrays in plan order (a slot of an unscheduled
 * entry is cleared), allocated once at the size the view suggests (its running requests and a few
 * more) and written by index: growing them by push was most of the memory a run allocated; the
 * blocks an entry took are recomputed on a refund (a pure function of the request and its tokens
 * within one view). Preemptions are two arrays in order.
 *
 * Membership (speed, issue 8; exact): which requests this plan scheduled (and at which index) or
 * preempted is marked in a direct-mapped table shared by every ledger, indexed by the request's
 * admission sequence (`seq & mask`) and matched by object identity and a per-ledger stamp, instead
 * of two Maps per plan call (~0.3 GB of Map growth per rate-scale-4 run). One ledger holds the table
 * at a time: a ledger whose entries another ledger may have overwritten (two builders used in turn,
 * as sglang-step does) or whose own requests collide in a slot rebuilds its marks as a Map from its
 * arrays, which are the truth, and uses the Map from then on. Requests scheduled by `addRunning`
 * (every running request of most plans) are not marked: a request that is not running cannot be
 * one of them, so admitting queued requests never needs their marks; a running request is looked
 * for among the last 32 of them (a victim taken from the end of the running order is), and only
 * past those are they all marked.
 */
class StepLedger implements StepBuilder {
  budget: number;
  count = 0;
  freeBlocks: number;
  readonly #blockSize: number;
  readonly #maxSeqs: number;
  readonly #watermark: number;
  /** Entries (scheduled, or undefined once unscheduled) and their tokens: `#n` of them. */
  readonly #seqs: (SeqView | undefined)[];
  readonly #tokens: number[];
  #n = 0;
  readonly #preempted: SeqView[] = [];
  readonly #modes: PreemptMode[] = [];
  readonly #stamp = ++lastStamp;
  /** Marks written to the shared table (0: the table holds nothing of this ledger). */
  #marks = 0;
  /** Entries below this index are marked; `addRunning` entries at or past it may not be. */
  #markedTo = 0;
  /** The marks once this ledger left the shared table (lost it, or a slot collision). */
  #map: Map<SeqView, number> | undefined;
  /** The last `blocksNeeded` computed (fitsMemory then add ask it for the same request). */
  #needSeq: SeqView | undefined;
  #needTokens = 0;
  #need = 0;

  constructor(view: EngineView, budget: number) {
    this.budget = budget;
    this.freeBlocks = view.freeBlocks;
    this.#blockSize = view.limits.blockSize;
    this.#maxSeqs = view.limits.maxSeqs;
    this.#watermark = view.limits.watermarkBlocks;
    // sized for the running requests and a few admissions (writes by index; grown past it)
    const expected = (view.running?.length ?? 0) + 16;
    this.#seqs = new Array<SeqView | undefined>(expected);
    this.#tokens = new Array<number>(expected);
  }

  get preemptedAny(): boolean {
    return this.#preempted.length > 0;
  }

  fitsMemory(seq: SeqView, tokens: number): boolean {
    const need = this.#needed(seq, tokens);
    const reserve = seq.state === 'running' ? 0 : this.#watermark;
    return need === 0 || this.freeBlocks - need >= reserve;
  }

  fits(seq: SeqView, tokens: number): boolean {
    return (
      tokens >= 1 &&
      tokens <= this.budget &&
      this.count < this.#maxSeqs &&
      this.fitsMemory(seq, tokens)
    );
  }

  add(seq: SeqView, tokens: number): boolean {
    if (this.#markOf(seq) !== absent || !this.fits(seq, tokens)) return false;
    const at = this.#n;
    this.#mark(seq, at);
    if (this.#markedTo === at) this.#markedTo = at + 1;
    this.#push(seq, tokens, this.#needed(seq, tokens));
    return true;
  }

  addRunning(seq: SeqView, tokens: number): AddRunning {
    if (seq.state !== 'running') {
      if (!this.fitsMemory(seq, tokens)) return 'memory';
      return this.add(seq, tokens) ? 'added' : 'full';
    }
    // not memoised (#needed): a running request is asked once (a refund computes it again)
    const need = blocksNeeded(seq, tokens, this.#blockSize);
    if (need !== 0 && this.freeBlocks < need) return 'memory';
    if (tokens < 1 || tokens > this.budget || this.count >= this.#maxSeqs) return 'full';
    this.#push(seq, tokens, need);
    return 'added';
  }

  addRunningFrom(running: readonly SeqView[], from: number, chunkCap: number): number {
    const blockSize = this.#blockSize;
    const maxSeqs = this.#maxSeqs;
    let i = from;
    for (; i < running.length; i++) {
      const budget = this.budget;
      if (budget <= 0) break;
      const seq = running[i] as SeqView;
      if (seq.state !== 'running') break;
      // chunkFor and blocksNeeded with the computed tokens read once
      const computed = computedTokens(seq);
      const pending = Math.max(1, seq.promptTokens + seq.generated - computed);
      const capped = chunkCap > 0 && pending > 1 ? Math.min(pending, chunkCap) : pending;
      const tokens = Math.min(capped, budget);
      const need = Math.max(0, Math.ceil((computed + tokens) / blockSize) - seq.kvBlocks);
      if (need !== 0 && this.freeBlocks < need) break;
      if (tokens < 1 || this.count >= maxSeqs) break;
      this.#push(seq, tokens, need);
    }
    return i;
  }

  #push(seq: SeqView, tokens: number, need: number): void {
    this.freeBlocks -= need;
    this.budget -= tokens;
    const at = this.#n++;
    if (at < this.#seqs.length) {
      this.#seqs[at] = seq;
      this.#tokens[at] = tokens;
    } else {
      this.#seqs.push(seq);
      this.#tokens.push(tokens);
    }
    this.count++;
  }

  preempt(seq: SeqView, mode: PreemptMode): void {
    const at = this.#markOf(seq);
    if (at === preemptedMark) return;
    if (at >= 0) {
      const tokens = this.#tokens[at] as number;
      this.#seqs[at] = undefined;
      this.count--;
      this.budget += tokens;
      // what it took at add: the same (request, tokens) in the same view
      this.freeBlocks += this.#needed(seq, tokens);
    }
    this.freeBlocks += blocksFreed(seq);
    this.#preempted.push(seq);
    this.#modes.push(mode);
    this.#mark(seq, preemptedMark);
  }

  isScheduled(seq: SeqView): boolean {
    return this.#markOf(seq) >= 0;
  }

  isPreempted(seq: SeqView): boolean {
    return this.#markOf(seq) === preemptedMark;
  }

  /**
   * The plan in its flat form (core/flat-step-plan.ts): the ledger's own arrays, not copied (an
   * entry unscheduled by a preemption is a hole); `scheduled` is built only if someone reads it.
   * Call once, last: the ledger is not used after it.
   */
  build(): StepPlan {
    const preempt: { id: SeqView['id']; mode: PreemptMode }[] = [];
    const preempted = this.#preempted;
    for (let i = 0; i < preempted.length; i++) {
      preempt.push({ id: (preempted[i] as SeqView).id, mode: this.#modes[i] as PreemptMode });
    }
    this.#seqs.length = this.#n;
    this.#tokens.length = this.#n;
    return new FlatStepPlan(this.#seqs, this.#tokens, preempt);
  }

  #needed(seq: SeqView, tokens: number): number {
    if (seq !== this.#needSeq || tokens !== this.#needTokens) {
      this.#needSeq = seq;
      this.#needTokens = tokens;
      this.#need = blocksNeeded(seq, tokens, this.#blockSize);
    }
    return this.#need;
  }

  /** This plan's mark of `seq`: its index in the scheduled arrays, `preemptedMark`, or `absent`. */
  #markOf(seq: SeqView): number {
    if (this.#markedTo < this.#n && seq.state === 'running') {
      // the latest entries first (a victim is usually among them), then mark the rest once
      const seqs = this.#seqs;
      const stop = Math.max(this.#markedTo, this.#n - scanned);
      for (let i = this.#n - 1; i >= stop; i--) if (seqs[i] === seq) return i;
      if (stop > this.#markedTo) this.#markRunning();
    }
    if (this.#map !== undefined) return this.#map.get(seq) ?? absent;
    if (this.#marks === 0) return absent;
    if (holder !== this) return this.#toMap().get(seq) ?? absent;
    const slot = seq.seq & mask;
    return stamps[slot] === this.#stamp && owners[slot] === seq ? (values[slot] as number) : absent;
  }

  /** Marks the entries `addRunning` left unmarked (again marking any marked since: same value). */
  #markRunning(): void {
    const seqs = this.#seqs;
    const from = this.#markedTo;
    this.#markedTo = this.#n;
    for (let i = from; i < this.#n; i++) {
      const seq = seqs[i];
      if (seq !== undefined) this.#mark(seq, i);
    }
  }

  #mark(seq: SeqView, value: number): void {
    if (this.#map === undefined) {
      const slot = seq.seq & mask;
      const lost = this.#marks > 0 && holder !== this;
      if (!lost && (stamps[slot] !== this.#stamp || owners[slot] === seq)) {
        holder = this;
        owners[slot] = seq;
        stamps[slot] = this.#stamp;
        values[slot] = value;
        this.#marks++;
        return;
      }
      this.#toMap();
    }
    this.#map?.set(seq, value);
  }

  /** The marks as a Map, rebuilt from the arrays (after which the shared table is not used). */
  #toMap(): Map<SeqView, number> {
    const map = new Map<SeqView, number>();
    const seqs = this.#seqs;
    for (let i = 0; i < this.#n; i++) {
      const seq = seqs[i];
      if (seq !== undefined) map.set(seq, i);
    }
    for (const seq of this.#preempted) map.set(seq, preemptedMark);
    this.#map = map;
    return map;
  }
}

/** Unmarked entries a running request's lookup scans (from the end) before marking them all. */
const scanned = 32;
/** Marks: an index >= 0 = scheduled at that index; `preemptedMark`; `absent` = neither. */
const preemptedMark = -1;
const absent = -2;
/** The shared membership table (see StepLedger): direct-mapped by `seq & mask`. */
const slots = 8192;
const mask = slots - 1;
const owners: (SeqView | undefined)[] = new Array<SeqView | undefined>(slots).fill(undefined);
const stamps = new Float64Array(slots);
const values = new Int32Array(slots);
/** The ledger whose marks the table holds; ledgers are stamped 1, 2, ... */
let holder: StepLedger | undefined;
let lastStamp = 0;
