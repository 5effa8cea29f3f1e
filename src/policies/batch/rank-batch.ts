/**
 * RankBatch: turns ANY rank policy into an iteration-level batch policy, in one of two orders.
 *
 * Default `running-first` (vLLM's shape, see running-first.ts): every running request keeps its
 * tokens (ranked order, so the lowest-ranked running request is the memory victim), and the rank
 * decides only the admission order of the queue; memory is the only reason to preempt. Measured
 * on the Azure conversation trace this keeps TPOT at FCFS's level (docs/policies/rank-batch.md).
 *
 * Option `rankOrder: 'strict'` (algorithms.md §0.3):
 * Why choose: runs the M/G/1 lab's policies (spjf, sprpt, pspjf, trail, gittins, ...) unchanged in an
 *   LLM engine, with the size = output tokens, age = tokens generated, prediction = predicted output.
 * Inputs consumed: whatever the rank policy `needs`, plus state, pending tokens and KV blocks.
 *
 *   cands = every unfinished request, sorted by (rank, arrival, seq)
 *           (non-preemptive policy: a started request — running, or preempted for memory — ranks -inf)
 *   for r in cands, strictly in order (no skipping, as LTR/vLLM):
 *     tokens = 1 for a decode, else min(pending, chunk cap, budget left)
 *     stop at the budget or max_num_seqs
 *     if r's KV does not fit: preempt the lowest-ranked running request not yet in the batch
 *       (recompute or swap, `preemptMode`) and retry; stop when none ranked below r is left.
 *       Victims are taken only if evicting all of them would make r fit (otherwise none is
 *       preempted and the pass stops): a partial eviction would discard KV and admit nothing.
 *   running requests left out keep their KV and wait (PRESERVE); memory is the only eviction.
 *   Option `decodesFirst`: every running decode gets its token before the strict-order pass.
 *
 * Tie-break: arrival, then admission sequence. Complexity per step: O(n) ranks + heapify, then
 * O(log n) per request placed (the order is produced lazily), + O(r log r) for the r running.
 */

import type { JobView } from '../../core/job-view.js';
import { compareRanks, type Rank } from '../../core/rank.js';
import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import type { ClosedFormRank, RankPolicy } from '../rank-policy.js';
import type { BatchPolicy } from './batch-policy.js';
import { createLazyOrder } from './lazy-order.js';
import { createRunningFirst } from './running-first.js';
import { blocksFreed, blocksNeeded, chunkFor, isDecoding } from './seq-tokens.js';
import { createStepBuilder } from './step-builder.js';

/** Options of the rank-batch planner: preemption mode, rank order and decodes-first. */
export interface RankBatchOptions {
  readonly preemptMode?: PreemptMode;
  /** 'running-first' (default) or §0.3's 'strict' order (where `decodesFirst` applies). */
  readonly rankOrder?: RankOrder;
  /**
   * Give every running decode its one token first (in rank order), then fill the rest of the
   * budget strictly by rank (vLLM's running-first, with the rank deciding admission and eviction).
   * Default false: §0.3's strict order, where one long prefill ranked first can take the whole
   * budget and stall every lower-ranked decode for that step.
   */
  readonly decodesFirst?: boolean;
}

export function toJob(seq: SeqView): JobView {
  const job: {
    -readonly [K in keyof JobView]: JobView[K];
  } = {
    seq: seq.seq,
    arrivalTime: seq.arrivalTime,
    age: seq.generated,
    promptTokens: seq.promptTokens,
    serviceSeconds: seq.serviceSeconds,
  };
  if (seq.size !== undefined) job.size = seq.size;
  if (seq.predictedSize !== undefined) job.predictedSize = seq.predictedSize;
  if (seq.predictedRemaining !== undefined) job.predictedRemaining = seq.predictedRemaining;
  if (seq.sizeDistribution !== undefined) job.sizeDistribution = seq.sizeDistribution;
  return job;
}

export const startedRank: Rank = {
  tier: Number.NEGATIVE_INFINITY,
  key: 0,
  slope: 0,
  until: Number.POSITIVE_INFINITY,
};

export function started(seq: SeqView): boolean {
  return seq.state !== 'waiting' || seq.generated > 0;
}

export type RankOrder = 'running-first' | 'strict';

/** Options of the strict-order planner (§0.3), shared by rank-batch, LTR and FastServe. */
export interface StrictRankOptions {
  readonly preemptMode: PreemptMode;
  readonly decodesFirst?: boolean;
  /** The rank of a request this step (a non-preemptive policy returns `startedRank` once started). */
  readonly rankOf: (seq: SeqView, view: EngineView) => Rank;
  /** Extra order between equal ranks, before arrival (FastServe: running first within a level). */
  readonly tieBreak?: (a: SeqView, b: SeqView) => number;
}

export function createRankBatch(policy: RankPolicy, options: RankBatchOptions = {}): BatchPolicy {
  const mode = options.preemptMode ?? 'recompute';
  const decodesFirst = options.decodesFirst ?? false;
  const strict = decodesFirst || options.rankOrder === 'strict';
  const rankOf = (seq: SeqView): Rank =>
    !policy.preemptive && started(seq) ? startedRank : policy.rank(toJob(seq));
  const name = decodesFirst
    ? `${policy.name}+decodes-first`
    : strict
      ? `${policy.name}+strict`
      : policy.name;
  if (strict) {
    return {
      name,
      needs: policy.needs,
      decodeStable: true,
      plan: (view) => planStrictRank(view, { preemptMode: mode, decodesFirst, rankOf }),
    };
  }
  const ranks = new RankParts(policy, rankOf);
  const planner = createRunningFirst({
    preemptMode: mode,
    compareRunning: (a, b) => ranks.compare(a, b) || a.arrivalTime - b.arrivalTime || a.seq - b.seq,
    runningTierOf: (seq) => ranks.of(seq).tier,
    // a non-preemptive rank's running requests are all started (one rank): arrival order
    ...(policy.preemptive
      ? {
          runningKeyOf: (seq: SeqView) => ranks.of(seq).key,
          runningNumbers: (running: readonly SeqView[], tier: Float64Array, key: Float64Array) => {
            for (let n = 0; n < running.length; n++) {
              const parts = ranks.of(running[n] as SeqView);
              tier[n] = parts.tier;
              key[n] = parts.key;
            }
          },
        }
      : {}),
    tierOf: (seq) => ranks.of(seq).tier,
    keyOf: (seq) => ranks.of(seq).key,
    // a rank is a function of the job's fields (RankPolicy.rank)
    queueKeysStable: true,
  });
  return {
    name,
    needs: policy.needs,
    decodeStable: true,
    plan: (view) => {
      ranks.nextPlan();
      return planner.plan(view);
    },
  };
}

/** §0.3's strict rank order (see the header): one pass over every request in rank order. */
export function planStrictRank(view: EngineView, options: StrictRankOptions): StepPlan {
  const mode = options.preemptMode;
  interface Entry {
    readonly seq: SeqView;
    readonly rank: Rank;
  }
  const tieBreak = options.tieBreak;
  const compare = (a: Entry, b: Entry): number =>
    compareRanks(a.rank, b.rank) ||
    (tieBreak ? tieBreak(a.seq, b.seq) : 0) ||
    a.seq.arrivalTime - b.seq.arrivalTime ||
    a.seq.seq - b.seq.seq;
  const entries: Entry[] = view.requests.map((seq) => ({ seq, rank: options.rankOf(seq, view) }));
  // running requests fully sorted (few: at most max_num_seqs); everything lazily
  const running = entries.filter((entry) => entry.seq.state === 'running').sort(compare);
  const order = createLazyOrder(entries, compare);
  const builder = createStepBuilder(view);
  const cap = view.limits.chunkCap;
  let lowest = running.length - 1;
  /** Schedules `entry`, evicting the lowest-ranked unscheduled running requests below it for memory. */
  const place = (entry: Entry): boolean => {
    const seq = entry.seq;
    if (builder.budget <= 0 || builder.count >= view.limits.maxSeqs) return false;
    const tokens = chunkFor(seq, cap, builder.budget);
    if (!builder.fitsMemory(seq, tokens) && !evictionSuffices(entry, tokens)) return false;
    while (!builder.fitsMemory(seq, tokens)) {
      while (lowest >= 0) {
        const candidate = (running[lowest] as Entry).seq;
        if (!builder.isPreempted(candidate) && !builder.isScheduled(candidate)) break;
        lowest--;
      }
      if (lowest < 0 || compare(running[lowest] as Entry, entry) <= 0) break;
      builder.preempt((running[lowest] as Entry).seq, mode);
      lowest--;
    }
    return builder.add(seq, tokens);
  };
  /**
   * Whether preempting every eligible victim (unscheduled running requests ranked below
   * `entry`) would free enough blocks: if not, nothing is preempted and the pass stops — a
   * partial eviction would discard KV without admitting `entry`.
   */
  const evictionSuffices = (entry: Entry, tokens: number): boolean => {
    const seq = entry.seq;
    const reserve = seq.state === 'running' ? 0 : view.limits.watermarkBlocks;
    const short = blocksNeeded(seq, tokens, view.limits.blockSize) + reserve - builder.freeBlocks;
    let freeable = 0;
    for (let i = lowest; i >= 0 && freeable < short; i--) {
      const candidate = running[i] as Entry;
      if (builder.isPreempted(candidate.seq) || builder.isScheduled(candidate.seq)) continue;
      if (compare(candidate, entry) <= 0) break;
      freeable += blocksFreed(candidate.seq);
    }
    return freeable >= short;
  };
  if (options.decodesFirst) {
    for (const entry of running) {
      if (!isDecoding(entry.seq) || builder.isPreempted(entry.seq)) continue;
      if (!place(entry)) break;
    }
  }
  for (let entry = order.next(); entry; entry = order.next()) {
    if (builder.isScheduled(entry.seq)) continue;
    if (builder.isPreempted(entry.seq) || !place(entry)) break;
  }
  return builder.build();
}

/**
 * The (tier, key) of a request's rank for one plan (`startedRank` for a started request of a
 * non-preemptive policy), without a Rank object where the policy declares a `closedForm` (speed, issue 8; exact: `closed-form-rank.test.ts` checks that `rank`
 * gives exactly tier and base + slope x age for views without `predictedRemaining`): a request that
 * has `predictedRemaining`, lacks the base field, or whose policy has no closed form gets its rank
 * from `rankOf`, computed once per plan (a direct-mapped memo of 4,096 slots on `seq`, checked by
 * identity and plan number: a collision only recomputes the pure rank). `of` returns one reused
 * holder: read it before the next call. Nothing carries from one plan to the next but the memo's
 * slots, which the plan number invalidates.
 */
class RankParts {
  readonly #preemptive: boolean;
  readonly #form: ClosedFormRank | undefined;
  readonly #rankOf: (seq: SeqView) => Rank;
  readonly #owners: (SeqView | undefined)[] = new Array(4096);
  readonly #ranks: (Rank | undefined)[] = new Array(4096);
  readonly #plans = new Float64Array(4096);
  #plan = 0;
  readonly #parts = { tier: 0, key: 0 };
  /** The request `#parts` holds (tier then key of one request are asked in turn); reset per plan. */
  #partsOf: SeqView | undefined;

  constructor(policy: RankPolicy, rankOf: (seq: SeqView) => Rank) {
    this.#preemptive = policy.preemptive;
    this.#form = policy.closedForm;
    this.#rankOf = rankOf;
  }

  nextPlan(): void {
    this.#plan++;
    this.#partsOf = undefined;
  }

  /** Tier and key of `seq`'s rank now (a reused holder). */
  of(seq: SeqView): { readonly tier: number; readonly key: number } {
    const parts = this.#parts;
    if (seq === this.#partsOf) return parts;
    this.#partsOf = seq;
    if (!this.#preemptive && started(seq)) {
      parts.tier = startedRank.tier;
      parts.key = startedRank.key;
      return parts;
    }
    const form = this.#form;
    if (form !== undefined && seq.predictedRemaining === undefined) {
      const base = form.base === 'zero' ? 0 : form.base === 'size' ? seq.size : seq.predictedSize;
      if (base !== undefined) {
        parts.tier = form.tier;
        parts.key = base + form.slope * seq.generated;
        return parts;
      }
    }
    const rank = this.#memo(seq);
    parts.tier = rank.tier;
    parts.key = rank.key;
    return parts;
  }

  /** compareRanks of the two requests' ranks. */
  compare(a: SeqView, b: SeqView): number {
    const first = this.of(a);
    const tier = first.tier;
    const key = first.key;
    const second = this.of(b);
    if (tier !== second.tier) return tier < second.tier ? -1 : 1;
    if (key !== second.key) return key < second.key ? -1 : 1;
    return 0;
  }

  #memo(seq: SeqView): Rank {
    const slot = seq.seq & 4095;
    if (this.#owners[slot] === seq && this.#plans[slot] === this.#plan) {
      return this.#ranks[slot] as Rank;
    }
    const rank = this.#rankOf(seq);
    this.#owners[slot] = seq;
    this.#ranks[slot] = rank;
    this.#plans[slot] = this.#plan;
    return rank;
  }
}
