/**
 * The one executor core of the LLM executors: the simulator's replica and the real engine both run
 * their steps through it, over their own memory facade (`KvMemory`) and their own clock/cost.
 *
 *   startStep(now):  view -> policy.plan (pure) -> apply: preemptions, admissions (prefix hit or
 *                    swap-in), KV growth, batch composition (one definition of a decode and of its
 *                    context) -> the step's shape, or null
 *   begin(duration): the executor knows the step's duration (cost model, or measured): stats and
 *                    the queue clocks (queue time by cause)
 *   finishStep(end): computed += tokens, full blocks enter the prefix cache, a request whose KV
 *                    reaches prompt + generated emits a token (the engine may veto: EOS); finished
 *                    requests free their blocks
 *
 * The policy sees the requests directly (ExecRequest implements SeqView), in arrival order, and
 * the core's running / queued / preempted partitions of them (kept incrementally as requests
 * change state), each request with a `denseIndex` (reused after it ends).
 * `checkPolicyNeeds` runs in the constructor: a policy that needs what the executor cannot supply
 * fails before any step.
 */

import type {
  EngineLimits,
  EngineView,
  PreemptMode,
  SeqView,
  StepPlan,
  StepShape,
} from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { BatchPolicy } from '../policies/batch/batch-policy.js';
import { checkPolicyNeeds } from './check-policy-needs.js';
import type { CoreStats } from './core-stats.js';
import { coreView } from './core-view.js';
import type { EndReason } from './end-reason.js';
import type { ExecRequest } from './exec-request.js';
import type { ExecutorCoreOptions } from './executor-core-options.js';
import type { KvMemory } from './kv-memory.js';
import { PlanEntries } from './plan-entries.js';
import { QueueClock, stallCause } from './queue-clock.js';
import { RequestSet } from './request-set.js';
import { StepLog } from './step-log.js';
import type { StepWork } from './step-work.js';
import type { TokenVerdict } from './token-verdict.js';

const noneFinished: readonly never[] = Object.freeze([]);

/** The one executor core: plans, applies and accounts each engine step over a KV memory facade. */
export class ExecutorCore<R extends ExecRequest> {
  readonly limits: EngineLimits;
  readonly memory: KvMemory<R>;
  readonly policy: BatchPolicy;
  /** Bumped every step (memoised prefix lookups key on it). */
  readonly epoch = { value: 0 };
  readonly stats: CoreStats = {
    steps: 0,
    busySeconds: 0,
    preemptions: 0,
    swapOutBlocks: 0,
    swapInBlocks: 0,
    allocationFailures: 0,
    kvBlockSeconds: 0,
    promptTokensLooked: 0,
    promptTokensHit: 0,
  };
  /** Unfinished requests, their partitions by state and dense indexes. */
  readonly #set = new RequestSet<R>();
  /** Reads each plan's scheduled entries as this core's requests. */
  readonly #entries = new PlanEntries<R>(this.#set);
  /** Observes every plan (tests: the executor parity check). */
  onPlan: ((view: EngineView, plan: StepPlan) => void) | undefined;
  readonly #swapSeconds: number;
  readonly #maxContext: number;
  readonly #estimate: ((shape: StepShape) => Seconds) | undefined;
  readonly #queuedFieldsStable: boolean;
  /** The last step's batch (parallel arrays, plan order). */
  #batch: R[] = [];
  #batchTokens: number[] = [];
  /** The batch before it: its arrays are refilled by the next step (no arrays per step). */
  #spare: R[] = [];
  #spareTokens: number[] = [];
  /** Finished requests of the last commit (refilled by the next one). */
  readonly #finished: R[] = [];
  #inFlight = false;
  #stepDuration = 0;
  #allDecode = false;
  /** After a commit with no finish: blocks and decode context the same batch's next decode needs. */
  #nextNeed = 0;
  #nextContext = 0;
  /** Requests not running (waiting or preempted). */
  #queued = 0;
  readonly #queueClock = new QueueClock();
  /** End time of every committed step (token times are read from it). */
  readonly #stepLog = new StepLog();
  #stallTokens = -1;
  #stallScheduled = 0;

  constructor(options: ExecutorCoreOptions<R>) {
    checkPolicyNeeds(options.policy, options.supply);
    this.policy = options.policy;
    this.limits = options.limits;
    this.memory = options.memory;
    this.#swapSeconds = options.swapSecondsPerBlock ?? 0;
    this.#maxContext = options.maxContext ?? Number.POSITIVE_INFINITY;
    this.#estimate = options.estimateStepSeconds;
    this.#queuedFieldsStable = options.queuedFieldsStable === true;
    this.#set.queuedLog.enabled = this.#queuedFieldsStable;
  }

  /** Unfinished requests in arrival order (read-only for callers). */
  get seqs(): readonly R[] {
    return this.#set.all;
  }

  get outstanding(): number {
    return this.#set.count;
  }

  /** Requests waiting or preempted. */
  get queued(): number {
    return this.#queued;
  }

  get(id: string): R | undefined {
    return this.#set.get(id);
  }

  /** Accepts a request (state waiting); it enters the next plan. */
  add(r: R): void {
    r.queueMark = this.#queueClock.mark();
    this.#queued++;
    this.#set.add(r);
  }

  /**
   * The policy's view now. `extra` (the gateway's request being priced, not in the core) is
   * appended to `requests`; the view then has no partitions (they would not include it).
   */
  view(now: Seconds, extra?: SeqView): EngineView {
    return coreView(
      this.#set,
      now,
      {
        limits: this.limits,
        freeBlocks: this.memory.freeBlocks,
        stats: this.stats,
        queuedFieldsStable: this.#queuedFieldsStable,
        estimate: this.#estimate,
      },
      extra,
    );
  }

  /**
   * Plans and applies one step: the work to run, 'preempted' when the plan only preempted (plan
   * again), or null when there is nothing to run.
   */
  startStep(now: Seconds): StepWork<R> | 'preempted' | null {
    if (this.#set.count === 0) return null;
    this.epoch.value++;
    const view = this.view(now);
    const plan: StepPlan = this.policy.plan(view);
    this.onPlan?.(view, plan);
    let extra = 0;
    for (const { id, mode } of plan.preempt) {
      const r = this.#set.get(id);
      if (r && r.state === 'running') extra += this.#preempt(r, mode, now);
    }
    let prefillSeqs = 0;
    let prefillTokens = 0;
    let prefillAttention = 0;
    let decodeSeqs = 0;
    let decodeContext = 0;
    let tokensUsed = 0;
    // filled by index (pushes into fresh arrays were a visible part of a step)
    const batch = this.#spare;
    const batchTokens = this.#spareTokens;
    let n = 0;
    const previous = this.#batch;
    const entries = this.#entries;
    const count = entries.begin(plan, previous);
    for (let i = 0; i < count; i++) {
      const r = entries.at(i);
      const wanted = entries.wanted;
      if (!r || r.finished || wanted < 1) continue;
      if (r.state !== 'running') {
        const ready = this.#admit(r, now);
        if (ready === null) continue;
        extra += ready;
      }
      const tokens = Math.min(wanted, r.needed - r.computed);
      if (tokens < 1) continue;
      if (r.computed + tokens > r.kvRoom && !this.memory.grow(r, tokens, now)) {
        this.stats.allocationFailures++;
        continue;
      }
      if (r.firstScheduledAt === undefined) {
        r.firstScheduledAt = now;
        extra += r.predictionCost;
        if (r.queueMark !== undefined) {
          r.queueByCause = this.#queueClock.split(r.queueMark, now - r.arrivalTime);
        }
      }
      // one definition for every executor: a decode computes the one token after a full KV and
      // reads computed + 1 tokens of context (its own included); anything else is a prefill chunk
      if (tokens === 1 && r.computed === r.needed - 1 && r.computed >= r.promptTokens) {
        decodeSeqs++;
        decodeContext += r.computed + 1;
      } else {
        prefillSeqs++;
        prefillTokens += tokens;
        prefillAttention += tokens * (r.computed + tokens / 2);
      }
      r.batchIndex = n;
      batch[n] = r;
      batchTokens[n] = tokens;
      n++;
      tokensUsed += tokens;
    }
    entries.end();
    if (n === 0) return plan.preempt.length > 0 ? 'preempted' : null;
    batch.length = n;
    batchTokens.length = n;
    this.#allDecode = plan.preempt.length === 0 && decodeSeqs === n && n === this.#set.count;
    this.#stallTokens = this.#queued > 0 ? tokensUsed : -1;
    this.#stallScheduled = n;
    this.#spare = previous;
    this.#spareTokens = this.#batchTokens;
    this.#batch = batch;
    this.#batchTokens = batchTokens;
    this.#inFlight = true;
    return {
      requests: batch,
      tokens: batchTokens,
      shape: { prefillSeqs, prefillTokens, prefillAttention, decodeSeqs, decodeContext },
      extraSeconds: extra,
    };
  }

  /**
   * `startStep` until the plan runs something: a plan that only preempted is planned again at the
   * same instant (at most 8 more times); null when nothing runs.
   */
  startSettledStep(now: Seconds): StepWork<R> | null {
    for (let attempt = 0; attempt < 9; attempt++) {
      const work = this.startStep(now);
      if (work !== 'preempted') return work;
    }
    return null;
  }

  /** The step just started lasts `duration` seconds: stats, KV integral, queue time by cause. */
  begin(duration: number): void {
    this.#stepDuration = duration;
    this.stats.steps++;
    this.stats.busySeconds += duration;
    this.stats.kvBlockSeconds += this.memory.usedBlocks * duration;
    if (this.#stallTokens >= 0) this.#chargeQueue(duration);
    this.#stallTokens = -1;
  }

  /**
   * Commits the step that ends at `end`; returns the requests that finished (do not keep it).
   * `verdict` (the engine) is asked before a request's new token is recorded: 'eos' ends it.
   */
  finishStep(end: Seconds, verdict?: (r: R) => TokenVerdict): readonly R[] {
    if (!this.#inFlight) return noneFinished;
    this.#inFlight = false;
    const bs = this.limits.blockSize;
    const batch = this.#batch;
    const tokensOf = this.#batchTokens;
    const duration = this.#stepDuration;
    const finished = this.#finished;
    finished.length = 0;
    let nextNeed = 0;
    let nextContext = 0;
    const log = this.#stepLog;
    const step = log.push(end, duration);
    // the next decode's needs matter only to the decode fast-forward (an all-decode batch)
    const allDecode = this.#allDecode;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i] as R;
      if (r.finished) continue; // failed or cancelled during the step
      const computed = r.computed + (tokensOf[i] as number);
      r.computed = computed;
      r.chargeStep(step, log);
      if (computed >= r.commitAt) this.memory.committed(r);
      if (computed >= r.promptTokens + r.generated) {
        let reason: EndReason | undefined;
        if (verdict !== undefined && verdict(r) === 'eos') reason = 'stop';
        else {
          r.recordToken(step, log);
          r.generated++;
          if (r.predictedSize !== undefined && r.predictedRemaining !== undefined) {
            r.predictedRemaining = Math.max(0, r.predictedRemaining - 1);
          }
          if (r.generated >= r.target) reason = 'length';
          else if (r.promptTokens + r.generated >= this.#maxContext) reason = 'context';
        }
        if (reason !== undefined) {
          this.#end(r, reason, end);
          finished.push(r);
          continue;
        }
      }
      if (allDecode) {
        if (computed + 1 > r.kvBlocks * bs) nextNeed++;
        nextContext += computed + 1;
      }
    }
    this.#nextNeed = nextNeed;
    this.#nextContext = nextContext;
    return finished;
  }

  /**
   * Decode fast-forward (exact): when the last plan ran EVERY unfinished request as a one-token
   * decode and preempted nothing, a `decodeStable` policy would plan the same batch again until an
   * arrival, a finish or a KV shortage. Repeats that batch without calling the policy (same
   * allocation and commit as a planned step). Call right after `finishStep` returned no finished
   * request; returns the step's shape (then call `begin`), or null (plan normally).
   */
  repeatDecodeStep(now: Seconds): StepShape | null {
    const batch = this.#batch;
    if (!this.#allDecode || this.#inFlight || batch.length !== this.#set.count) return null;
    const need = this.#nextNeed;
    if (need > this.memory.freeBlocks) return null;
    this.epoch.value++;
    if (need > 0) {
      const bs = this.limits.blockSize;
      for (let i = 0; i < batch.length; i++) {
        const r = batch[i] as R;
        if (r.computed + 1 > r.kvBlocks * bs) this.memory.grow(r, 1, now);
      }
    }
    this.#inFlight = true;
    return {
      prefillSeqs: 0,
      prefillTokens: 0,
      prefillAttention: 0,
      decodeSeqs: batch.length,
      decodeContext: this.#nextContext,
    };
  }

  /** Ends a request outside a step's commit (a failure, a cancellation); frees its KV. */
  remove(r: R, now: Seconds): void {
    if (r.finished) return;
    if (r.state !== 'running') this.#queued--;
    this.#end(r, 'length', now);
    r.endReason = undefined;
  }

  /**
   * Admits a waiting/preempted request outside a step, as a plan's admission would (through the
   * memory facade): for an executor that dispatches on its own after the plan (the gateway: a
   * backend took the request). False (nothing changed) when the memory refuses it.
   */
  admitNow(r: R, now: Seconds): boolean {
    if (r.finished || r.state === 'running') return false;
    if (this.#admit(r, now) === null) return false;
    r.firstScheduledAt ??= now;
    return true;
  }

  /** Preempts a running request outside a step (the gateway: its backend failed; retried elsewhere). */
  preemptNow(r: R, mode: PreemptMode, now: Seconds): void {
    if (!r.finished && r.state === 'running') this.#preempt(r, mode, now);
  }

  /** Removes every unfinished request (end of a simulation); returns them. */
  drain(): R[] {
    return this.#set.drain();
  }

  #end(r: R, reason: EndReason, now: Seconds): void {
    this.#set.remove(r);
    this.memory.release(r, now);
    r.finished = true;
    r.endReason = reason;
  }

  /** Charges the step to the cause that kept the oldest waiting request waiting. */
  #chargeQueue(duration: number): void {
    const head = this.#set.queued[0];
    if (head === undefined) return;
    const cause = stallCause(
      this.limits,
      {
        tokensUsed: this.#stallTokens,
        scheduled: this.#stallScheduled,
        holding: this.#set.count - this.#queued,
        freeBlocks: this.memory.freeBlocks,
      },
      head,
    );
    this.#queueClock.charge(cause, duration);
  }

  #preempt(r: R, mode: PreemptMode, now: Seconds): number {
    this.stats.preemptions++;
    r.preemptions++;
    this.#set.toPreempted(r);
    r.waitingSince = now;
    this.#queued++;
    const held = this.memory.preempt(r, mode, now);
    if (mode === 'swap' && r.computed > 0 && this.memory.swaps) {
      r.swapped = true;
      this.stats.swapOutBlocks += held;
      return held * this.#swapSeconds;
    }
    r.swapped = false;
    r.computed = 0;
    return 0;
  }

  /** Moves a waiting/preempted request to running: prefix hit or swap-in. Extra seconds, or null. */
  #admit(r: R, now: Seconds): number | null {
    if (r.swapped) {
      const blocks = this.memory.swapIn(r, now);
      if (blocks < 0) {
        this.stats.allocationFailures++;
        return null;
      }
      r.swapped = false;
      this.#toRunning(r);
      this.stats.swapInBlocks += blocks;
      return blocks * this.#swapSeconds;
    }
    const cost = this.memory.admit(r, now);
    if (cost < 0) {
      this.stats.allocationFailures++;
      return null;
    }
    if (!r.admitted) {
      r.admitted = true;
      r.cachedPromptTokens = Math.min(r.computed, r.promptTokens);
      this.stats.promptTokensLooked += r.promptTokens;
      this.stats.promptTokensHit += r.cachedPromptTokens;
    }
    this.#toRunning(r);
    return cost;
  }

  /** A waiting/preempted request was admitted. */
  #toRunning(r: R): void {
    this.#set.toRunning(r);
    this.#queued--;
  }
}
