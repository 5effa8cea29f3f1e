import type { RequestId } from '../core/ids.js';
import type { SizeDistribution } from '../core/job-view.js';
import type { SeqState, SeqView } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { QueueByCause } from '../metrics/request-record.js';
import type { EndReason } from './end-reason.js';

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
  // request come first (a few cache lines per request instead of the whole object).
  state: SeqState = 'waiting';
  finished = false;
  /** Tokens whose KV is computed (while running or swapped). */
  computed = 0;
  generated = 0;
  readonly promptTokens: number;
  /** Output tokens to produce at most. */
  readonly target: number;
  /** Its position in the executor core's last batch (a lookup hint; may be stale). */
  batchIndex = -1;
  /** Dense index while in an executor core (SeqView.denseIndex; reused after it ends); -1 outside. */
  denseIndex = -1;
  /** Order of `add` in its executor core (the arrival order of the core's lists); -1 outside. */
  addIndex = -1;
  readonly id: RequestId;
  swapped = false;
  serviceSeconds = 0;
  /**
   * Token times: entries 0..generated-1 are set. A Float64Array of `target` entries allocated at
   * the first token (its backing store lives outside the young generation: push-grown arrays were a
   * quarter of the simulator's time); empty before. An executor may drop it once the request has
   * ended and been reduced to its record (`dropTokenTimes`: the simulator, for bounded memory).
   */
  tokenTimes: Float64Array = noTokenTimes;
  lastTokenAt?: Seconds;
  predictedSize?: number;
  predictedRemaining?: number;
  firstScheduledAt?: Seconds;
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
  /** Queue clocks at arrival (QueueClock.mark) and the split at first scheduling. */
  queueMark?: Float64Array;
  queueByCause?: QueueByCause;
  readonly priority?: number;
  readonly prefixHashes?: readonly string[];
  readonly group?: string;
  readonly tenant?: string;
  readonly ttftSlo?: Seconds;
  readonly tbtSlo?: Seconds;

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
  /** KV blocks held now (memory facade). */
  abstract get kvBlocks(): number;
  /** Blocks freed if preempted now. */
  abstract get exclusiveBlocks(): number;
  /** Prefix-cache hit (tokens) if admitted now; 0 while running or swapped. */
  abstract get cachedTokens(): number;
  /** Of the cached prefix, blocks already held by running requests. */
  abstract get cachedBlocksInUse(): number;

  /** Records the next output token's time (does not count it: the executor core does). */
  setTokenTime(at: number): void {
    if (this.tokenTimes.length === 0) this.tokenTimes = new Float64Array(this.target);
    this.tokenTimes[this.generated] = at;
  }

  /** Frees the token times (after the request ended and its record was made). */
  dropTokenTimes(): void {
    this.tokenTimes = noTokenTimes;
  }

  /** The set token times as a plain array. */
  tokenTimesArray(): number[] {
    const out = new Array<number>(this.generated);
    for (let i = 0; i < this.generated; i++) out[i] = this.tokenTimes[i] as number;
    return out;
  }
}
