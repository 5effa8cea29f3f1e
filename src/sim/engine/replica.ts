import type { EngineLimits, EngineView, PreemptMode, StepPlan } from '../../core/step-plan.js';
import type { Seconds } from '../../core/units.js';
import { QueueClock, stallCause } from '../../executor/queue-clock.js';
import type { BatchPolicy } from '../../policies/batch/batch-policy.js';
import type { EngineProfile, StepBatch } from '../cost/cost-model.js';
import { BlockPool, type PrefixCacheMode } from '../kv/block-pool.js';
import type { PrefixTier } from '../kv/prefix-tier.js';
import type { SimSeq } from './sim-seq.js';

/**
 * One engine replica: vLLM v1's step in two phases.
 *
 *   startStep(now):  view -> policy.plan (pure) -> apply: preemptions, prefix hits, KV allocation,
 *                    batch composition -> duration from the cost model (+ swap, prediction costs)
 *   finishStep(end): computed += tokens, full blocks enter the prefix cache, a request whose KV
 *                    reaches prompt + generated emits a token; finished requests free their blocks
 *
 * The policy sees `seqs` directly (SimSeq implements SeqView), kept in arrival order.
 */
export interface ReplicaStats {
  steps: number;
  busySeconds: number;
  preemptions: number;
  swapOutBlocks: number;
  swapInBlocks: number;
  allocationFailures: number;
  /** ∫ used KV blocks dt over steps, block-seconds. */
  kvBlockSeconds: number;
  promptTokensLooked: number;
  promptTokensHit: number;
  /** Prefix blocks copied from the host tier instead of prefilled. */
  tierLoadedBlocks: number;
}

export interface KvSample {
  readonly time: number;
  readonly replica: number;
  readonly utilization: number;
}

const noneFinished: readonly SimSeq[] = Object.freeze([]);

export class Replica {
  readonly id: number;
  readonly pool: BlockPool;
  /** Host-memory tier for prefix blocks evicted from the pool (none by default). */
  readonly tier: PrefixTier | undefined;
  readonly limits: EngineLimits;
  readonly epoch = { value: 0 };
  readonly stats: ReplicaStats = {
    steps: 0,
    busySeconds: 0,
    preemptions: 0,
    swapOutBlocks: 0,
    swapInBlocks: 0,
    allocationFailures: 0,
    kvBlockSeconds: 0,
    promptTokensLooked: 0,
    promptTokensHit: 0,
    tierLoadedBlocks: 0,
  };
  busy = false;
  wakePending = false;
  seqs: SimSeq[] = [];
  readonly #byId = new Map<string, SimSeq>();
  readonly #policy: BatchPolicy;
  readonly #profile: EngineProfile;
  /** The batch of the step in flight (or of the last committed step): parallel arrays, reused by repeats. */
  #batchSeqs: SimSeq[] = [];
  #batchTokens: number[] = [];
  #inFlight = false;
  #stepDuration = 0;
  #finishedSince = false;
  #allDecode = false;
  /** After a commit with no finish: blocks and decode context the same batch's next decode step needs. */
  #nextNeed = 0;
  #nextContext = 0;
  /** Requests not running (waiting or preempted). */
  #queued = 0;
  readonly #queueClock = new QueueClock();

  /** The cost model as the view's step-time estimate (SLAI's dynamic budget). */
  readonly #estimate = (shape: StepBatch): Seconds =>
    this.#profile.cost.stepSeconds(shape) as Seconds;

  constructor(
    id: number,
    profile: EngineProfile,
    limits: EngineLimits,
    policy: BatchPolicy,
    prefix: PrefixCacheMode,
    tier?: PrefixTier,
  ) {
    this.id = id;
    this.#profile = profile;
    this.limits = limits;
    this.#policy = policy;
    this.pool = new BlockPool(limits.totalBlocks, prefix);
    this.tier = tier;
    this.pool.evictionSink = tier;
  }

  /** Outstanding requests (routers read it). */
  get outstanding(): number {
    return this.seqs.length;
  }

  add(seq: SimSeq): void {
    seq.queueMark = this.#queueClock.mark();
    this.#queued++;
    this.seqs.push(seq);
    this.#byId.set(seq.id, seq);
  }

  view(now: Seconds): EngineView {
    return {
      now,
      requests: this.seqs,
      requestsInArrivalOrder: true,
      freeBlocks: this.pool.freeBlocks,
      limits: this.limits,
      meanStepSeconds: (this.stats.steps > 0
        ? this.stats.busySeconds / this.stats.steps
        : 0) as Seconds,
      estimateStepSeconds: this.#estimate,
    };
  }

  /**
   * Plans and applies one step. Returns its duration, 0 when the plan only preempted (plan again),
   * or null when there is nothing to run.
   */
  startStep(now: Seconds): number | null {
    if (this.seqs.length === 0) return null;
    this.epoch.value++;
    const plan: StepPlan = this.#policy.plan(this.view(now));
    let extra = 0;
    for (const { id, mode } of plan.preempt) {
      const seq = this.#byId.get(id);
      if (seq && seq.state === 'running') extra += this.#preempt(seq, mode, now);
    }
    const bs = this.limits.blockSize;
    let prefillSeqs = 0;
    let prefillTokens = 0;
    let prefillAttention = 0;
    let decodeSeqs = 0;
    let decodeContext = 0;
    const batchSeqs: SimSeq[] = [];
    const batchTokens: number[] = [];
    let tokensUsed = 0;
    for (const entry of plan.scheduled) {
      const seq = this.#byId.get(entry.id);
      if (!seq || seq.finished || entry.tokens < 1) continue;
      if (seq.state !== 'running') {
        const ready = this.#admit(seq, now);
        if (ready === null) continue;
        extra += ready;
      }
      const tokens = Math.min(entry.tokens, seq.needed - seq.computed);
      if (tokens < 1) continue;
      const need = Math.ceil((seq.computed + tokens) / bs) - seq.blocks.length;
      if (need > 0) {
        const got = this.pool.allocate(need, now);
        if (got === null) {
          this.stats.allocationFailures++;
          continue;
        }
        for (const block of got) seq.blocks.push(block);
      }
      if (seq.firstScheduledAt === undefined) {
        seq.firstScheduledAt = now;
        extra += seq.predictionCost;
        if (seq.queueMark !== undefined) {
          seq.queueByCause = this.#queueClock.split(seq.queueMark, now - seq.arrivalTime);
        }
      }
      if (tokens === 1 && seq.computed === seq.needed - 1 && seq.computed >= seq.promptTokens) {
        decodeSeqs++;
        decodeContext += seq.computed + 1;
      } else {
        prefillSeqs++;
        prefillTokens += tokens;
        prefillAttention += tokens * (seq.computed + tokens / 2);
      }
      batchSeqs.push(seq);
      batchTokens.push(tokens);
      tokensUsed += tokens;
    }
    if (batchSeqs.length === 0) return plan.preempt.length > 0 ? 0 : null;
    this.#allDecode =
      plan.preempt.length === 0 &&
      decodeSeqs === batchSeqs.length &&
      batchSeqs.length === this.seqs.length;
    const batch: StepBatch = {
      prefillSeqs,
      prefillTokens,
      prefillAttention,
      decodeSeqs,
      decodeContext,
    };
    const duration = this.#profile.cost.stepSeconds(batch) + extra;
    if (this.#queued > 0) this.#chargeQueue(duration, tokensUsed, batchSeqs.length);
    this.#batchSeqs = batchSeqs;
    this.#batchTokens = batchTokens;
    this.#inFlight = true;
    this.#stepDuration = duration;
    this.stats.steps++;
    this.stats.busySeconds += duration;
    this.stats.kvBlockSeconds += this.pool.usedBlocks * duration;
    return duration;
  }

  /** Commits the step that ends at `end`; returns the requests that finished (do not keep it). */
  finishStep(end: Seconds): readonly SimSeq[] {
    if (!this.#inFlight) return noneFinished;
    this.#inFlight = false;
    const bs = this.limits.blockSize;
    const seqs = this.#batchSeqs;
    const tokensOf = this.#batchTokens;
    const duration = this.#stepDuration;
    let finished: SimSeq[] | undefined;
    let nextNeed = 0;
    let nextContext = 0;
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i] as SimSeq;
      const computed = seq.computed + (tokensOf[i] as number);
      seq.computed = computed;
      seq.serviceSeconds += duration;
      if (computed >= (seq.registered + 1) * bs) {
        const full = Math.floor(computed / bs);
        const keys = seq.keys(full);
        const blocks = seq.blocks;
        for (let k = seq.registered; k < full; k++) {
          this.pool.register(
            blocks[k] as number,
            keys[k] as number,
            k > 0 ? (blocks[k - 1] as number) : -1,
          );
        }
        seq.registered = full;
      }
      if (computed >= seq.promptTokens + seq.generated) {
        seq.tokenTimes[seq.generated] = end;
        seq.generated++;
        seq.lastTokenAt = end;
        if (seq.predictedSize !== undefined && seq.predictedRemaining !== undefined) {
          seq.predictedRemaining = Math.max(0, seq.predictedRemaining - 1);
        }
        if (seq.generated >= seq.target) {
          this.pool.release(seq.blocks, end);
          seq.blocks = [];
          seq.finished = true;
          this.#byId.delete(seq.id);
          this.#finishedSince = true;
          if (finished === undefined) finished = [];
          finished.push(seq);
          continue;
        }
      }
      if (computed + 1 > seq.blocks.length * bs) nextNeed++;
      nextContext += computed + 1;
    }
    this.#nextNeed = nextNeed;
    this.#nextContext = nextContext;
    if (this.#finishedSince) {
      this.seqs = this.seqs.filter((s) => !s.finished);
      this.#finishedSince = false;
    }
    return finished ?? noneFinished;
  }

  /**
   * Decode fast-forward (exact, not an approximation): when the last plan ran EVERY unfinished
   * request as a one-token decode and preempted nothing, a `decodeStable` policy would plan the
   * same batch again until an arrival, a finish or a KV shortage. This repeats that batch without
   * calling the policy (same allocation, cost and commit as a planned step). Call it right after
   * `finishStep` returned no finished request; returns the step's duration, or null when the
   * shortcut does not apply (then plan normally).
   */
  repeatDecodeStep(now: Seconds): number | null {
    const seqs = this.#batchSeqs;
    if (!this.#allDecode || this.#inFlight || seqs.length !== this.seqs.length) return null;
    const need = this.#nextNeed;
    if (need > this.pool.freeBlocks) return null;
    this.epoch.value++;
    if (need > 0) {
      const bs = this.limits.blockSize;
      for (let i = 0; i < seqs.length; i++) {
        const seq = seqs[i] as SimSeq;
        if (seq.computed + 1 > seq.blocks.length * bs) seq.blocks.push(this.pool.allocateOne(now));
      }
    }
    const duration = this.#profile.cost.stepSeconds({
      prefillSeqs: 0,
      prefillTokens: 0,
      prefillAttention: 0,
      decodeSeqs: seqs.length,
      decodeContext: this.#nextContext,
    });
    this.#inFlight = true;
    this.#stepDuration = duration;
    this.stats.steps++;
    this.stats.busySeconds += duration;
    this.stats.kvBlockSeconds += this.pool.usedBlocks * duration;
    return duration;
  }

  /** Marks every unfinished request as stalled (end of simulation); returns them. */
  drain(): SimSeq[] {
    const left = this.seqs;
    this.seqs = [];
    this.#byId.clear();
    return left;
  }

  /** Charges the step to the cause that kept the oldest waiting request waiting. */
  #chargeQueue(duration: number, tokensUsed: number, scheduled: number): void {
    let head: SimSeq | undefined;
    for (const seq of this.seqs) {
      if (seq.state !== 'running') {
        head = seq;
        break;
      }
    }
    if (head === undefined) return;
    const cause = stallCause(
      this.limits,
      {
        tokensUsed,
        scheduled,
        holding: this.seqs.length - this.#queued,
        freeBlocks: this.pool.freeBlocks,
      },
      head,
    );
    this.#queueClock.charge(cause, duration);
  }

  #preempt(seq: SimSeq, mode: PreemptMode, now: Seconds): number {
    this.stats.preemptions++;
    seq.preemptions++;
    seq.state = 'preempted';
    seq.waitingSince = now;
    this.#queued++;
    const held = seq.blocks.length;
    this.pool.release(seq.blocks, now);
    seq.blocks = [];
    seq.registered = 0;
    if (mode === 'swap' && seq.computed > 0) {
      seq.swapped = true;
      this.stats.swapOutBlocks += held;
      return held * this.#profile.swapSecondsPerBlock;
    }
    seq.swapped = false;
    seq.computed = 0;
    return 0;
  }

  /** Moves a waiting/preempted request to running: prefix hit or swap-in. Extra seconds, or null. */
  #admit(seq: SimSeq, now: Seconds): number | null {
    const bs = this.limits.blockSize;
    if (seq.swapped) {
      const blocks = Math.ceil(seq.computed / bs);
      const got = this.pool.allocate(blocks, now);
      if (got === null) {
        this.stats.allocationFailures++;
        return null;
      }
      seq.blocks = got;
      seq.swapped = false;
      seq.state = 'running';
      this.#queued--;
      seq.registered = 0;
      this.stats.swapInBlocks += blocks;
      return blocks * this.#profile.swapSecondsPerBlock;
    }
    const gpu = seq.gpuHitBlocks();
    const keys = seq.keys(seq.hitBlocks());
    const touched = this.pool.touch(keys, gpu, now);
    const loaded = this.#loadFromTier(keys, gpu, seq.hitBlocks() - gpu, touched, now);
    const hit = gpu + loaded;
    seq.blocks = touched;
    seq.registered = hit;
    seq.computed = hit * bs;
    if (!seq.admitted) {
      seq.admitted = true;
      seq.cachedPromptTokens = Math.min(seq.computed, seq.promptTokens);
      this.stats.promptTokensLooked += seq.promptTokens;
      this.stats.promptTokensHit += seq.cachedPromptTokens;
    }
    seq.state = 'running';
    this.#queued--;
    return loaded * this.#profile.swapSecondsPerBlock;
  }

  /**
   * Copies `count` host-tier blocks (keys[from ..]) into fresh GPU blocks appended to `blocks`,
   * registered under their keys; returns how many were loaded (0 when GPU blocks are short).
   * The transfer is charged at PCIe bandwidth by the caller (swapSecondsPerBlock each).
   */
  #loadFromTier(
    keys: readonly number[],
    from: number,
    count: number,
    blocks: number[],
    now: Seconds,
  ): number {
    if (count <= 0 || !this.tier) return 0;
    const got = this.pool.allocate(count, now);
    if (got === null) return 0;
    for (let i = 0; i < count; i++) {
      const block = got[i] as number;
      this.pool.register(
        block,
        keys[from + i] as number,
        blocks.length > 0 ? (blocks[blocks.length - 1] as number) : -1,
      );
      blocks.push(block);
    }
    this.tier.load(keys, from, count);
    this.stats.tierLoadedBlocks += count;
    return count;
  }
}
