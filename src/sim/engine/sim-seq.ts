import type { RequestId } from '../../core/ids.js';
import type { SizeDistribution } from '../../core/job-view.js';
import type { SchedRequest } from '../../core/request.js';
import type { SeqState, SeqView } from '../../core/step-plan.js';
import type { Seconds } from '../../core/units.js';
import type { QueueByCause } from '../../metrics/request-record.js';
import type { PredictorInput } from '../../predictors/predictor.js';
import type { BlockPool } from '../kv/block-pool.js';
import type { PrefixTier } from '../kv/prefix-tier.js';

/**
 * The simulator's mutable state of one request (R4's `RequestState`), which also serves as the
 * read-only `SeqView` the batch policy sees (no copy per step). Prefix-cache fields are getters,
 * memoised per step, so policies that never read them cost nothing.
 *
 *   tokens:  [ prompt P ............ | generated g ... ]
 *   KV:      [ computed ................ )              pending = P + g - computed
 *   blocks:  [16][16][16]...[partial]   (ids in the replica's BlockPool)
 */
export class SimSeq implements SeqView {
  readonly request: SchedRequest;
  readonly id: RequestId;
  readonly seq: number;
  readonly arrivalTime: Seconds;
  readonly promptTokens: number;
  /** Output tokens to produce (the trace's, at least 1). */
  readonly target: number;
  readonly replica: number;
  state: SeqState = 'waiting';
  finished = false;
  generated = 0;
  computed = 0;
  blocks: number[] = [];
  registered = 0;
  swapped = false;
  preemptions = 0;
  serviceSeconds = 0;
  firstScheduledAt?: Seconds;
  lastTokenAt?: Seconds;
  waitingSince?: Seconds;
  /** Queue clocks at arrival (QueueClock.mark) and the split at first scheduling. */
  queueMark?: Float64Array;
  queueByCause?: QueueByCause;
  admitted = false;
  cachedPromptTokens = 0;
  predictedSize?: number;
  predictedRemaining?: number;
  sizeDistribution?: SizeDistribution;
  size?: number;
  predictionCost = 0;
  /** What the predictor was given at arrival (passed again to `observe` on finish). */
  predictorInput?: PredictorInput;
  /**
   * Token times: entries 0..generated-1 are set. A Float64Array of `target` entries allocated once:
   * its backing store lives outside the young generation, so the scavenger never copies millions of
   * token times (push-grown arrays were a quarter of the simulator's time in GC).
   */
  readonly tokenTimes: Float64Array;
  readonly priority?: number;
  readonly prefixHashes?: readonly string[];
  readonly group?: string;
  readonly tenant?: string;
  readonly ttftSlo?: Seconds;
  readonly tbtSlo?: Seconds;
  readonly #pool: BlockPool;
  readonly #blockSize: number;
  readonly #epoch: { value: number };
  readonly #keys: number[];
  readonly #uniqueBase: number;
  readonly #tier: PrefixTier | undefined;
  #memoEpoch = -1;
  #memoHit = 0;
  #memoGpuHit = 0;

  constructor(init: {
    request: SchedRequest;
    seq: number;
    replica: number;
    pool: BlockPool;
    blockSize: number;
    epoch: { value: number };
    chainKeys: ArrayLike<number>;
    uniqueBase: number;
    /** Host-memory tier below the GPU prefix cache (prefix-tier.ts), if any. */
    tier?: PrefixTier;
  }) {
    const request = init.request;
    this.request = request;
    this.id = request.id;
    this.seq = init.seq;
    this.arrivalTime = request.arrivalTime;
    this.promptTokens = request.promptTokens;
    this.target = Math.max(1, request.outputTokens);
    this.tokenTimes = new Float64Array(this.target);
    this.replica = init.replica;
    this.#pool = init.pool;
    this.#blockSize = init.blockSize;
    this.#epoch = init.epoch;
    this.#keys = Array.from(init.chainKeys);
    this.#uniqueBase = init.uniqueBase;
    this.#tier = init.tier;
    if (request.priority !== undefined) this.priority = request.priority;
    if (request.prefixHashes !== undefined) this.prefixHashes = request.prefixHashes;
    if (request.group !== undefined) this.group = request.group;
    if (request.tenant !== undefined) this.tenant = request.tenant;
    if (request.slo?.ttft !== undefined) this.ttftSlo = request.slo.ttft;
    if (request.slo?.tbt !== undefined) this.tbtSlo = request.slo.tbt;
  }

  get prefillDone(): number {
    return Math.min(this.computed, this.promptTokens);
  }
  get kvBlocks(): number {
    return this.blocks.length;
  }
  get computedTokens(): number {
    if (this.state === 'running' || this.swapped) return this.computed;
    return this.cachedTokens;
  }
  get exclusiveBlocks(): number {
    let n = 0;
    for (const block of this.blocks) if (this.#pool.refCount(block) === 1) n++;
    return n;
  }
  /** Prefix-cache hit (tokens) if admitted now; at least one token is always left to compute. */
  get cachedTokens(): number {
    if (this.state === 'running' || this.swapped) return 0;
    return this.hitBlocks() * this.#blockSize;
  }
  get cachedBlocksInUse(): number {
    if (this.state === 'running' || this.swapped) return 0;
    return this.#pool.inUse(this.#keys, this.gpuHitBlocks());
  }
  /** Tokens needed in KV before the next output token. */
  get needed(): number {
    return this.promptTokens + this.generated;
  }

  /**
   * Leading cached blocks usable now (memoised per engine step): the GPU prefix-cache hit, then
   * the blocks that follow it in the host tier (loaded over PCIe on admission).
   */
  hitBlocks(): number {
    if (this.#memoEpoch === this.#epoch.value) return this.#memoHit;
    const limit = Math.floor((this.needed - 1) / this.#blockSize);
    this.ensureKeys(limit);
    const gpu = this.#pool.lookup(this.#keys, limit);
    this.#memoGpuHit = gpu;
    this.#memoHit = gpu + (this.#tier ? this.#tier.lookup(this.#keys, gpu, limit) : 0);
    this.#memoEpoch = this.#epoch.value;
    return this.#memoHit;
  }

  /** Of `hitBlocks()`, the leading blocks cached in GPU memory. */
  gpuHitBlocks(): number {
    this.hitBlocks();
    return this.#memoGpuHit;
  }

  /** Block keys 0..count-1 (chained prompt hashes, then keys unique to this request). */
  keys(count: number): readonly number[] {
    this.ensureKeys(count);
    return this.#keys;
  }

  ensureKeys(count: number): void {
    for (let k = this.#keys.length; k < count; k++) this.#keys.push(this.#uniqueBase + k);
  }
}
