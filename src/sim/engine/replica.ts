/**
 * One simulated engine replica: the executor core (executor/) over the replica's block pool, with
 * what is the simulator's own: the cost model turning each step's shape into seconds on the
 * virtual clock (plus swap and prediction seconds).
 *
 *   startStep(now):  core.startStep (plan, apply) -> duration = cost(shape) + extra -> core.begin
 *   finishStep(end): core.finishStep (commit, emit tokens, free finished requests)
 */

import {
  type EngineLimits,
  type EngineView,
  policyNeeds,
  type StepShape,
} from '../../core/step-plan.js';
import type { Seconds } from '../../core/units.js';
import type { ExecutorSupply } from '../../executor/check-policy-needs.js';
import type { CoreStats } from '../../executor/core-stats.js';
import { ExecutorCore } from '../../executor/executor-core.js';
import type { BatchPolicy } from '../../policies/batch/batch-policy.js';
import type { EngineProfile } from '../cost/cost-model.js';
import { BlockPool, type PrefixCacheMode } from '../kv/block-pool.js';
import { BlockPoolMemory } from '../kv/block-pool-memory.js';
import type { PrefixTier } from '../kv/prefix-tier.js';
import type { SimSeq } from './sim-seq.js';

/** The replica's counters: the executor core's plus its own. */
export interface ReplicaStats extends CoreStats {
  /** Prefix blocks copied from the host tier instead of prefilled. */
  readonly tierLoadedBlocks: number;
}

export interface KvSample {
  readonly time: number;
  readonly replica: number;
  readonly utilization: number;
}

/** The simulator supplies every need (the oracle is its default predictor, swap is modelled). */
export const simulatorSupply: ExecutorSupply = {
  executor: 'the engine simulator',
  supplies: new Set(policyNeeds),
};

export class Replica {
  readonly id: number;
  readonly pool: BlockPool;
  readonly limits: EngineLimits;
  readonly core: ExecutorCore<SimSeq>;
  /** Host-memory tier for prefix blocks evicted from the pool (none by default). */
  readonly tier: PrefixTier | undefined;
  readonly #memory: BlockPoolMemory;
  busy = false;
  wakePending = false;
  readonly #profile: EngineProfile;

  constructor(
    id: number,
    profile: EngineProfile,
    limits: EngineLimits,
    policy: BatchPolicy,
    prefix: PrefixCacheMode,
    supply: ExecutorSupply = simulatorSupply,
    tier?: PrefixTier,
  ) {
    this.id = id;
    this.#profile = profile;
    this.limits = limits;
    this.pool = new BlockPool(limits.totalBlocks, prefix);
    this.tier = tier;
    this.#memory = new BlockPoolMemory(
      this.pool,
      limits.blockSize,
      tier,
      profile.swapSecondsPerBlock,
    );
    this.core = new ExecutorCore<SimSeq>({
      policy,
      limits,
      memory: this.#memory,
      supply,
      swapSecondsPerBlock: profile.swapSecondsPerBlock,
      estimateStepSeconds: (shape: StepShape): Seconds =>
        profile.cost.stepSeconds(shape) as Seconds,
      // requests change only through the core's plans and commits (predictions are set on arrival)
      queuedFieldsStable: true,
    });
  }

  get stats(): ReplicaStats {
    return { ...this.core.stats, tierLoadedBlocks: this.#memory.tierLoadedBlocks };
  }
  get epoch(): { value: number } {
    return this.core.epoch;
  }
  /** Unfinished requests in arrival order. */
  get seqs(): readonly SimSeq[] {
    return this.core.seqs;
  }
  /** Outstanding requests (routers read it). */
  get outstanding(): number {
    return this.core.outstanding;
  }

  add(seq: SimSeq): void {
    this.core.add(seq);
  }

  view(now: Seconds): EngineView {
    return this.core.view(now);
  }

  /** Plans and applies one step. Returns its duration, or null when there is nothing to run. */
  startStep(now: Seconds): number | null {
    const work = this.core.startSettledStep(now);
    if (work === null) return null;
    const duration = this.#profile.cost.stepSeconds(work.shape) + work.extraSeconds;
    this.core.begin(duration);
    return duration;
  }

  /** Commits the step that ends at `end`; returns the requests that finished (do not keep it). */
  finishStep(end: Seconds): readonly SimSeq[] {
    return this.core.finishStep(end);
  }

  /** Decode fast-forward (see ExecutorCore.repeatDecodeStep): the step's duration, or null. */
  repeatDecodeStep(now: Seconds): number | null {
    const shape = this.core.repeatDecodeStep(now);
    if (shape === null) return null;
    const duration = this.#profile.cost.stepSeconds(shape);
    this.core.begin(duration);
    return duration;
  }

  /** Marks every unfinished request as stalled (end of simulation); returns them. */
  drain(): SimSeq[] {
    return this.core.drain();
  }
}
