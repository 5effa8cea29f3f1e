/**
 * What the LLM executors (engine simulator, real engine, gateway) show a batch policy each step, and
 * what the policy answers. The policy is a pure function `EngineView -> StepPlan`; the executor
 * applies it. /work/notes/contract.md and docs/architecture.md describe the contract in full.
 */

import type { RequestId } from './ids.js';
import type { JobField, SizeDistribution } from './job-view.js';
import type { Seconds } from './units.js';

/** Where a sequence is in its life: waiting (never run), running, or preempted. */
export type SeqState = 'waiting' | 'running' | 'preempted';

/**
 * The optional SeqView fields a batch policy may declare in `needs`. Every other SeqView field is
 * always present. Executors check at construction that they can supply each declared field
 * (`checkPolicyNeeds` in executor/); fields that come from the request itself (prefixHashes, group,
 * tenant, priority, ttftSlo, tbtSlo) are checked per request on admission to the executor.
 *
 *   size              true output length (oracle executors only: simulator, replay)
 *   predictedSize     point prediction of the output length (a predictor)
 *   predictedRemaining refined remaining prediction (a predictor; else predictedSize - generated)
 *   sizeDistribution  predicted distribution of the output length (a predictor)
 *   promptTokens, serviceSeconds   always supplied by the LLM executors (rank policies' JobField)
 *   prefixHashes      prefix block hashes of the prompt (trace / gateway)
 *   group             a group key: requests sharing a prefix or application (trace / gateway)
 *   tenant, priority  who sent it and its priority (trace / gateway)
 *   ttftSlo, tbtSlo   latency targets (request, else the run's --slo-ttft / --slo-tbt)
 */
export type SeqField =
  | JobField
  | 'prefixHashes'
  | 'group'
  | 'tenant'
  | 'priority'
  | 'ttftSlo'
  | 'tbtSlo';

/** What a policy may require of the executor itself: `swap` = preempt by swapping KV to host memory. */
export type ExecutorFeature = 'swap';

/** One entry of a policy's `needs`: a SeqView field or an executor feature. */
export type PolicyNeed = SeqField | ExecutorFeature;

/** Every PolicyNeed, for checks and docs. */
export const policyNeeds: readonly PolicyNeed[] = [
  'size',
  'predictedSize',
  'predictedRemaining',
  'sizeDistribution',
  'promptTokens',
  'serviceSeconds',
  'prefixHashes',
  'group',
  'tenant',
  'priority',
  'ttftSlo',
  'tbtSlo',
  'swap',
];

/**
 * Why a waiting request was not admitted in a step (metrics: queue time by cause).
 *   budget   the step's token budget (max_num_batched_tokens) was used up
 *   maxSeqs  max_num_seqs requests were already running or scheduled
 *   memory   the free KV blocks (less the watermark) did not fit the next waiting request's chunk
 *   policy   resources were left, but the planner chose other requests (order, aging, priority)
 */
export type QueueCause = 'budget' | 'memory' | 'maxSeqs' | 'policy';

export const queueCauses: readonly QueueCause[] = ['budget', 'memory', 'maxSeqs', 'policy'];

/** One unfinished request as a batch policy sees it. Extends the rank view with engine state. */
export interface SeqView {
  readonly id: RequestId;
  /** Admission sequence: final tie-break. */
  readonly seq: number;
  readonly arrivalTime: Seconds;
  readonly state: SeqState;
  readonly promptTokens: number;
  /** Prompt tokens already computed (prefix-cache hits count as computed). */
  readonly prefillDone: number;
  /** Prompt tokens a prefix-cache lookup would hit now (waiting and preempted requests). */
  readonly cachedTokens: number;
  /** Output tokens generated so far (the rank's age). */
  readonly generated: number;
  /** KV blocks the request holds now. */
  readonly kvBlocks: number;
  readonly preemptions: number;
  readonly predictedSize?: number;
  readonly predictedRemaining?: number;
  /** True output length: present only when the executor runs with an oracle (clairvoyant policies). */
  readonly size?: number;
  readonly group?: string;
  readonly tenant?: string;
  readonly tbtSlo?: Seconds;
  readonly ttftSlo?: Seconds;
  readonly firstScheduledAt?: Seconds;
  readonly lastTokenAt?: Seconds | undefined;
  /** Seconds of engine time this request has been part of (MLFQ). */
  readonly serviceSeconds: number;
  /**
   * Tokens whose KV is computed now (prompt + generated so far). Absent: executors derive it from
   * `prefillDone`/`generated`. Tokens still to compute before the next output token =
   * promptTokens + generated - computedTokens (1 for a plain decode).
   */
  readonly computedTokens?: number;
  /** Blocks freed if this request were preempted now (blocks shared with others stay); default kvBlocks. */
  readonly exclusiveBlocks?: number;
  /** Of the `cachedTokens` prefix hit, blocks already held by running requests (need no new block). */
  readonly cachedBlocksInUse?: number;
  /** KV is swapped out to host memory (state 'preempted'): resuming costs a swap-in, not a recompute. */
  readonly swapped?: boolean;
  /** Scheduling priority, lower = earlier (vLLM convention); absent = 0. */
  readonly priority?: number;
  /** Predicted distribution of the total output length (Gittins): from a predictor's quantiles. */
  readonly sizeDistribution?: SizeDistribution;
  /** Prefix block hashes of the prompt (cache-aware policies: SGLang DFS-weight). */
  readonly prefixHashes?: readonly string[];
  /**
   * When the request last entered the queue: its arrival, or its last preemption (state
   * 'preempted'). Absent: the arrival. `waitingSeconds(view, seq)` reads it.
   */
  readonly waitingSince?: Seconds;
  /**
   * A dense index the executor gives the request while it is unfinished: 0 <= denseIndex <
   * `EngineView.denseLimit`, unique among the view's requests, REUSED by a later request after
   * this one finishes (key per-plan scratch by it; across plans, check the request object too).
   * Absent: the executor has none.
   */
  readonly denseIndex?: number;
}

export interface EngineLimits {
  /** Token budget per step (prefill-chunk tokens + one per decode): vLLM max_num_batched_tokens. */
  readonly maxBatchedTokens: number;
  /** Max sequences in one step: vLLM max_num_seqs. */
  readonly maxSeqs: number;
  /** Max prompt tokens one request may take in one step (0 = no cap): vLLM long_prefill_token_threshold. */
  readonly chunkCap: number;
  readonly blockSize: number;
  readonly totalBlocks: number;
  /** Blocks kept free on admission of new requests (vLLM watermark). */
  readonly watermarkBlocks: number;
  /**
   * Where a waiting request's `cachedTokens` can come from: `blocks` (absent = this; paged KV as in
   * vLLM/SGLang and the simulator: the computed blocks of RUNNING requests are shared too) or
   * `free-slots` (the llama.cpp engine: only a free slot's resident tokens; a running request's
   * KV is its own until it finishes).
   */
  readonly prefixSharing?: 'blocks' | 'free-slots';
}

export interface EngineView {
  readonly now: Seconds;
  /** Every unfinished request, any order (policies sort). */
  readonly requests: readonly SeqView[];
  /**
   * True when the executor guarantees `requests` is sorted by (arrivalTime, seq): FCFS policies may
   * then skip sorting (the simulator sets it; it keeps requests in arrival order).
   */
  readonly requestsInArrivalOrder?: boolean;
  readonly freeBlocks: number;
  readonly limits: EngineLimits;
  /** Mean duration of the steps so far (SLAI), seconds; 0 before the first step. */
  readonly meanStepSeconds: Seconds;
  /**
   * The executor's estimate of how long a step of this shape would take (the simulator: its cost
   * model). Absent when the executor has none; policies that use it (SLAI's dynamic budget) then
   * fall back to their fixed budget.
   */
  readonly estimateStepSeconds?: (shape: StepShape) => Seconds;
  /**
   * Executor-maintained partitions of `requests` (the same objects), each in arrival order
   * (arrivalTime, seq), updated incrementally as requests are admitted, preempted and finish, so a
   * planner need not partition every request each step. Absent: partition `requests` yourself.
   * They are the executor's live arrays: read them during `plan`, never keep or mutate them.
   *   running    state 'running'
   *   queued     state 'waiting' or 'preempted'
   *   preempted  state 'preempted' (a subsequence of `queued`)
   */
  readonly running?: readonly SeqView[];
  readonly queued?: readonly SeqView[];
  readonly preempted?: readonly SeqView[];
  /** Exclusive upper bound of every `SeqView.denseIndex` in this view (size scratch arrays by it). */
  readonly denseLimit?: number;
  /**
   * True when the executor guarantees (additive field; absent = no promise, recompute every step):
   * a request that is in `queued` in two consecutive views of this executor is the same object
   * and none of its SeqView fields changed between them, except `cachedTokens`,
   * `cachedBlocksInUse` and `computedTokens` of a request that is not `swapped` (the prefix cache
   * moves); and for a request in state 'waiting' without `prefixHashes` these three are 0. So a
   * planner may keep a queued request's key from when it entered the queue. The simulator sets it
   * (src/executor/queued-fields-stable.test.ts checks it at every plan).
   */
  readonly queuedFieldsStable?: boolean;
  /**
   * What changed in `queued` since the previous view of this executor that carried a log, in the
   * order it happened (additive; set only with the partitions and `queuedFieldsStable`):
   * `queuedLog[k]` joined `queued` when `queuedLogJoined[k]` is true (arrived, preempted), else
   * left it (admitted, ended). A request may join and leave (or leave and rejoin) within one
   * interval: both entries, in order. `queuedLogFrom` / `queuedLogTo` are version numbers, unique
   * across every executor of the process, of that previous view's queue and of this one: apply the
   * log only when `queuedLogFrom` is the `queuedLogTo` you last saw, else walk `queued`. Live
   * arrays: read them during `plan`, never keep them.
   */
  readonly queuedLog?: readonly SeqView[];
  readonly queuedLogJoined?: readonly boolean[];
  readonly queuedLogFrom?: number;
  readonly queuedLogTo?: number;
}

/** A step's composition, in the terms step-time models use (the simulator's `StepBatch`). */
export interface StepShape {
  /** Requests computing prompt (or recompute) tokens this step. */
  readonly prefillSeqs: number;
  /** Prompt tokens computed this step. */
  readonly prefillTokens: number;
  /** Σ t_i · (c_i + t_i / 2) over the prefill chunks (c_i = context already in KV). */
  readonly prefillAttention: number;
  /** Requests decoding one token this step. */
  readonly decodeSeqs: number;
  /** Σ of the KV lengths the decodes read. */
  readonly decodeContext: number;
}

export type PreemptMode = 'recompute' | 'swap';

export interface ScheduledSeq {
  readonly id: RequestId;
  /** Tokens computed for this request this step: a prefill chunk, or 1 for a decode. */
  readonly tokens: number;
}

export interface StepPlan {
  readonly scheduled: readonly ScheduledSeq[];
  readonly preempt: readonly { readonly id: RequestId; readonly mode: PreemptMode }[];
  /**
   * Optional flat form of `scheduled` (speed, issue 8; additive: executors that do not read it
   * use `scheduled`): entry i schedules `scheduledSeqs[i]` (a SeqView object of the view this plan
   * answers; undefined = no entry, skipped) for `scheduledTokens[i]` tokens, i <
   * scheduledSeqs.length. When both are present they ARE the plan: the executor core reads them
   * instead of `scheduled` (no {id, tokens} object per entry, no id lookup), so they must list
   * exactly the entries of `scheduled`, in the same order. `FlatStepPlan` (flat-step-plan.ts)
   * builds `scheduled` from them on first read. A plan object that copies another must not keep
   * these fields while replacing `scheduled`.
   */
  readonly scheduledSeqs?: readonly (SeqView | undefined)[];
  readonly scheduledTokens?: readonly number[];
}
