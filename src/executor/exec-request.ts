/**
 * The one request state machine of every LLM executor (simulator, local engine; a gateway reuses
 * it without the KV part). It is also the read-only `SeqView` a batch policy sees (no copy per
 * step); the KV-dependent view fields come from the executor's memory facade (subclasses).
 *
 *   waiting --admit--> running --preempt--> preempted --admit--> running --last token--> finished
 *      (the executor's core applies the plan; `failed`/cancelled leave from any state)
 *
 *   tokens:  [ prompt P ............ | generated g ... ]
 *   KV:      [ computed ................ )              pending = P + g - computed
 */

import type { RequestId } from '../core/ids.js';
import type { SizeDistribution } from '../core/job-view.js';
import type { SeqState, SeqView } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { QueueByCause } from '../metrics/request-record.js';
import type { EndReason } from './end-reason.js';
import type { StepLog } from './step-log.js';

/**
 * What an ExecRequest is created from: id, sequence number, arrival, prompt and output limits, and
 * the optional fields.
 */
export interface ExecRequestInit {
  readonly id: RequestId;
  readonly seq: number;
  readonly arrivalTime: Seconds;
  readonly promptTokens: number;
  /** Output tokens at most (the trace's length, or max_tokens). At least 1. */
  readonly maxOutput: number;
  readonly priority?: number | undefined;
  readonly prefixHashes?: readonly string[] | undefined;
  readonly group?: string | undefined;
  readonly tenant?: string | undefined;
  readonly ttftSlo?: Seconds | undefined;
  readonly tbtSlo?: Seconds | undefined;
}

const noTokenTimes = new Float64Array(0);

export abstract class ExecRequest implements SeqView {
  // Field order is memory layout: the fields every step reads and writes for each scheduled
  // request (the core's plan apply and commit, the planners' token and block arithmetic and the
  // predictions they rank by) come first, in the object's first cache lines, those every pass
  // reads before those only the commit reads; the rest follows (speed, issue 8).
  state: SeqState = 'waiting';
  finished = false;
  /** Tokens whose KV is computed (while running or swapped). */
  computed = 0;
  generated = 0;
  readonly promptTokens: number;
  /** Output tokens to produce at most. */
  readonly target: number;
  /**
   * The memory facade's fast path (KvMemory): the core calls `grow` only when computed + tokens >
   * kvRoom, and `committed` only when computed >= commitAt. 0 (the default): always called.
   */
  kvRoom = 0;
  commitAt = 0;
  /**
   * KV blocks held, for a memory facade that keeps the count here (the simulator's SimSeq reads
   * its `kvBlocks` from it: no second object to reach per request and step); 0 otherwise.
   */
  heldBlocks = 0;
  predictedSize?: number;
  predictedRemaining?: number;
  /** Step (its core's StepLog index) of the last recorded token; -2 before the first. */
  lastTokenStep = -2;
  /** The step log of the token runs below (see `recordToken`). */
  #log: StepLog | undefined;
  /**
   * Service time as a run of consecutive steps not yet added (`chargeStep`): steps
   * #serviceFrom..#serviceTo of #serviceLog, added to #serviceBase in step order when read or
   * when the run breaks (the same additions in the same order as adding each step's duration).
   */
  #serviceTo = -2;
  #serviceLog: StepLog | undefined;
  /**
   * The executor core's request set holding it while unfinished, else undefined (private: a copy
   * of the request, `{ ...seq }`, does not carry it; see `ownedBy`).
   */
  #owner: object | undefined = undefined;
  firstScheduledAt?: Seconds;
  /** Its position in the executor core's last batch (a lookup hint; may be stale). */
  batchIndex = -1;
  swapped = false;
  #serviceFrom = 0;
  #serviceBase = 0;
  /** Dense index while in an executor core (SeqView.denseIndex; reused after it ends); -1 outside. */
  denseIndex = -1;
  /** Order of `add` in its executor core (the arrival order of the core's lists); -1 outside. */
  addIndex = -1;
  readonly id: RequestId;
  readonly arrivalTime: Seconds;
  readonly seq: number;
  preemptions = 0;
  waitingSince?: Seconds;
  /** Admitted at least once (its first-admission prefix hit is recorded). */
  admitted = false;
  /** Prompt tokens served from the prefix cache at first admission. */
  cachedPromptTokens = 0;
  sizeDistribution?: SizeDistribution;
  size?: number;
  /** Seconds of prediction work charged when the request is first scheduled. */
  predictionCost = 0;
  /** Why it ended (set by the executor core when it finishes normally). */
  endReason?: EndReason | undefined;
  /** Queue clocks at arrival (QueueClock.mark: shared, read only) and the split when first scheduled. */
  queueMark?: Float64Array;
  queueByCause?: QueueByCause;
  readonly priority?: number;
  readonly prefixHashes?: readonly string[];
  readonly group?: string;
  readonly tenant?: string;
  readonly ttftSlo?: Seconds;
  readonly tbtSlo?: Seconds;
  /**
   * Token times as runs of consecutive steps: pairs (first step, first token index) in the step
   * log of the core that recorded them (a new pair only when a token does not follow the last
   * one's step), and the times materialised from them (cached until the next token).
   */
  #runs: number[] | undefined;
  #times: Float64Array = noTokenTimes;

  constructor(init: ExecRequestInit) {
    this.id = init.id;
    this.seq = init.seq;
    this.arrivalTime = init.arrivalTime;
    this.promptTokens = init.promptTokens;
    this.target = Math.max(1, init.maxOutput);
    if (init.priority !== undefined) this.priority = init.priority;
    if (init.prefixHashes !== undefined) this.prefixHashes = init.prefixHashes;
    if (init.group !== undefined) this.group = init.group;
    if (init.tenant !== undefined) this.tenant = init.tenant;
    if (init.ttftSlo !== undefined) this.ttftSlo = init.ttftSlo;
    if (init.tbtSlo !== undefined) this.tbtSlo = init.tbtSlo;
  }

  /** True when `seq` is a request (not a copy of one) held by `owner` (RequestSet.own). */
  static ownedBy(seq: SeqView, owner: object): boolean {
    return #owner in seq && seq.#owner === owner;
  }

  /** Held by `owner` from now on (undefined: by no one); the request set's own bookkeeping. */
  setOwner(owner: object | undefined): void {
    this.#owner = owner;
  }

  get prefillDone(): number {
    return Math.min(this.computed, this.promptTokens);
  }
  /** Tokens needed in KV before the next output token. */
  get needed(): number {
    return this.promptTokens + this.generated;
  }
  get computedTokens(): number {
    if (this.state === 'running' || this.swapped) return this.computed;
    return this.cachedTokens;
  }
  /** Seconds of steps it was scheduled in (the sum of their durations, in step order). */
  get serviceSeconds(): number {
    if (this.#serviceTo >= this.#serviceFrom) this.#addService();
    return this.#serviceBase;
  }
  set serviceSeconds(seconds: number) {
    this.#serviceBase = seconds;
    this.#serviceFrom = this.#serviceTo + 1;
  }

  /**
   * It was scheduled in step `step` of `log` (the log holds the step's duration): one field write
   * when it follows the last charged step of the same log.
   */
  chargeStep(step: number, log: StepLog): void {
    if (step !== this.#serviceTo + 1 || this.#serviceLog !== log) {
      if (this.#serviceTo >= this.#serviceFrom) this.#addService();
      this.#serviceLog = log;
      this.#serviceFrom = step;
    }
    this.#serviceTo = step;
  }

  /** Adds the pending run's step durations to the base, in step order. */
  #addService(): void {
    const durations = (this.#serviceLog as StepLog).durations;
    let base = this.#serviceBase;
    for (let s = this.#serviceFrom; s <= this.#serviceTo; s++) base += durations[s] as number;
    this.#serviceBase = base;
    this.#serviceFrom = this.#serviceTo + 1;
  }

  /** KV blocks held now (memory facade). */
  abstract get kvBlocks(): number;
  /** Blocks freed if preempted now. */
  abstract get exclusiveBlocks(): number;
  /** Prefix-cache hit (tokens) if admitted now; 0 while running or swapped. */
  abstract get cachedTokens(): number;
  /** Of the cached prefix, blocks already held by running requests. */
  abstract get cachedBlocksInUse(): number;

  /**
   * When the last recorded token came out (the end of its step in the step log); undefined before
   * the first token and after `dropTokenTimes`. Read from the log, not stored per token (a double
   * written per token was a heap number per token).
   */
  get lastTokenAt(): Seconds | undefined {
    const log = this.#log;
    return log === undefined || this.lastTokenStep < 0
      ? undefined
      : (log.ends[this.lastTokenStep] as Seconds);
  }

  /**
   * Records that token `generated` (the next one; the executor core counts it) came out at the end
   * of step `step` of `log`: one field write when it follows the last token's step.
   */
  recordToken(step: number, log: StepLog): void {
    if (step !== this.lastTokenStep + 1 || this.#log !== log) {
      if (this.#runs === undefined || this.#log !== log) {
        this.#runs = [];
        this.#log = log;
      }
      this.#runs.push(step, this.generated);
    }
    this.lastTokenStep = step;
  }

  /** Tokens whose times are recorded (`generated`, unless an executor counted tokens itself). */
  get recordedTokens(): number {
    const runs = this.#runs;
    if (runs === undefined || runs.length === 0) return 0;
    const n = runs.length;
    return (runs[n - 1] as number) + this.lastTokenStep - (runs[n - 2] as number) + 1;
  }

  /**
   * Token times: entry i is token i's time, for the `recordedTokens` recorded tokens (built from
   * the step log on first read after a token; empty before the first token and after
   * `dropTokenTimes`).
   */
  get tokenTimes(): Float64Array {
    const count = this.recordedTokens;
    if (this.#times.length === count) return this.#times;
    const out = new Float64Array(count);
    this.copyTokenTimes(out);
    this.#times = out;
    return out;
  }

  /**
   * Writes the `recordedTokens` token times into out[0 ..] (as `tokenTimes`, without an array per
   * request: the simulator reduces them to a record through one scratch buffer); `out` must hold
   * them.
   */
  copyTokenTimes(out: Float64Array): void {
    const runs = this.#runs;
    if (runs === undefined) return;
    const count = this.recordedTokens;
    const ends = (this.#log as StepLog).ends;
    for (let k = 0; k < runs.length; k += 2) {
      const step = runs[k] as number;
      const from = runs[k + 1] as number;
      const to = k + 2 < runs.length ? (runs[k + 3] as number) : count;
      for (let i = from; i < to; i++) out[i] = ends[step + i - from] as number;
    }
  }

  /** Frees the token times (after the request ended and its record was made). */
  dropTokenTimes(): void {
    this.#runs = undefined;
    this.#log = undefined;
    this.#times = noTokenTimes;
  }

  /** The recorded token times as a plain array. */
  tokenTimesArray(): number[] {
    return Array.from(this.tokenTimes);
  }
}
