/**
 * The built-in real engine: one llama.cpp context (node-llama-cpp) with N sequences ("slots"),
 * scheduled at iteration level by a batch policy of `policies/batch` through the SAME executor
 * core as the simulator (executor/): one request state machine, one EngineView, one apply step, one
 * records path. What is the engine's own: llama.cpp evaluation, its KV facade (`LlamaKvMemory`: a
 * KV-cell budget in blocks over the slots, so memory preemption happens on real compute), and
 * the injected clock. Each step:
 *
 *   core.startSettledStep(now): view -> plan -> preempt (free slot + blocks; cells stay resident
 *     for reuse) -> admit (claim the slot with the longest resident prefix) -> grow blocks
 *   flush the slots' stale cells, then evaluate: one `controlledEvaluate` per scheduled request,
 *     all issued in the same tick, so node-llama-cpp's batcher packs them into ONE llama_decode
 *     (`stats.decodesPerStep`); a chunk that completes the pending tokens samples the next token
 *   core.begin(measured seconds, or `stepSeconds(shape)` on the clock), core.finishStep: emit
 *     tokens (stream + callback), finish on max_tokens, EOS (unless ignoreEos) or the context limit
 *
 * A failed evaluation ends only that request (ENGINE_FAILURE): when a shared decode fails, the
 * requests of that step are retried one by one to isolate the culprit. Cancellation frees the slot
 * at once (or at the end of the in-flight step). Swap preemption is refused at creation.
 */
import { type LlamaContext, type Token, TokenBias } from 'node-llama-cpp';
import { SchedulerError } from '../../core/errors.js';
import type { EngineLimits } from '../../core/step-plan.js';
import { type Seconds, seconds } from '../../core/units.js';
import { checkPolicyNeeds, checkRequestNeeds } from '../../executor/check-policy-needs.js';
import { ExecutorCore } from '../../executor/executor-core.js';
import type { EngineHandle, SubmitOptions } from './engine-handle.js';
import type {
  EngineRequest,
  FinishReason,
  GenerationResult,
  TokenEvent,
} from './engine-request.js';
import type { EngineStats } from './engine-stats.js';
import { checkKvOptions, engineSupply, stepEstimate } from './engine-supply.js';
import { LiveRequest, tokenAt, totalTokens } from './live-request.js';
import { LlamaKvMemory } from './llama-kv-memory.js';
import { createEngineContext } from './llama-runtime.js';
import type { LocalEngineOptions } from './local-engine-options.js';
import { predictOnSubmit } from './predict-on-submit.js';
import { SlotPool } from './slot-pool.js';
import { recordOf } from './step-accounting.js';
import type { StepRecord } from './step-record.js';
import { TokenStream } from './token-stream.js';

export type { EngineHandle, SubmitOptions } from './engine-handle.js';
export type { EngineStats } from './engine-stats.js';
export type { LocalEngineOptions } from './local-engine-options.js';
export type { StepRecord } from './step-record.js';

export class LocalEngine {
  readonly limits: EngineLimits;
  readonly contextPerSlot: number;
  readonly stepLog: StepRecord[] = [];
  /** The executor core (tests observe its plans through `core.onPlan`). */
  readonly core: ExecutorCore<LiveRequest>;
  readonly #options: LocalEngineOptions;
  readonly #context: LlamaContext;
  readonly #pool: SlotPool;
  readonly #memory: LlamaKvMemory;
  readonly #bias: TokenBias | undefined;
  #seq = 0;
  #wake: (() => void) | undefined;
  #running = false;
  #closed = false;
  #decodes = 0;
  #stats = { computedPromptTokens: 0, failedEvaluations: 0 };

  private constructor(options: LocalEngineOptions, context: LlamaContext) {
    this.#options = options;
    this.#context = context;
    const slots = context.totalSequences;
    this.contextPerSlot = context.contextSize;
    this.#pool = new SlotPool(Array.from({ length: slots }, () => context.getSequence()));
    const blockSize = options.kvBlockTokens ?? 16;
    const kvTokens = options.kvTokens ?? slots * this.contextPerSlot;
    this.limits = {
      maxBatchedTokens: context.batchSize,
      maxSeqs: slots,
      chunkCap: options.chunkCap ?? 0,
      blockSize,
      totalBlocks: Math.floor(kvTokens / blockSize),
      watermarkBlocks: 0,
      prefixSharing: 'free-slots',
    };
    this.#memory = new LlamaKvMemory(
      this.#pool,
      blockSize,
      this.limits.totalBlocks,
      options.prefixReuse ?? 'token',
    );
    this.core = new ExecutorCore<LiveRequest>({
      policy: options.policy,
      limits: this.limits,
      memory: this.#memory,
      supply: engineSupply(options),
      maxContext: this.contextPerSlot,
      estimateStepSeconds: stepEstimate(options, this.stepLog),
    });
    if (options.ignoreEos) {
      const bias = new TokenBias(options.model.tokenizer);
      for (const t of [options.model.tokens.eos, options.model.tokens.eot]) {
        if (t !== null) bias.set(t, 'never');
      }
      this.#bias = bias;
    }
  }

  static async create(options: LocalEngineOptions): Promise<LocalEngine> {
    checkPolicyNeeds(options.policy, engineSupply(options)); // before loading anything
    checkKvOptions(options);
    let engine: LocalEngine | undefined;
    const context = await createEngineContext(options.model, options.facts, {
      contextPerSlot: options.contextPerSlot ?? 1024,
      slots: options.slots ?? 4,
      batchSize: options.maxBatchedTokens ?? 256,
      threads: options.threads ?? 1,
      onBatch: () => {
        if (engine) engine.#decodes++;
      },
    });
    engine = new LocalEngine(options, context);
    return engine;
  }

  get stats(): EngineStats {
    return {
      steps: this.stepLog.length,
      decodes: this.#decodes,
      ...this.#stats,
      reusedPromptTokens: this.core.stats.promptTokensHit,
    };
  }

  /** Free slots (sequences not owned by a running request). */
  get freeSlots(): number {
    return this.#pool.free;
  }

  get unfinished(): number {
    return this.core.outstanding;
  }

  /** Tokens of `text`, with BOS when the model wants one. */
  tokenize(text: string): number[] {
    const { model } = this.#options;
    const tokens = model.tokenize(text);
    const bos = model.tokens.bos;
    return bos !== null && model.tokens.shouldPrependBosToken ? [bos, ...tokens] : tokens;
  }

  detokenize(tokens: readonly number[]): string {
    return this.#options.model.detokenize(tokens as readonly Token[]);
  }

  /**
   * Accepts a request (throws CAPACITY_EXCEEDED when its prompt can never fit, INPUT_INVALID for
   * bad fields). The handle streams tokens and resolves once, with the record and any error.
   */
  submit(request: EngineRequest, options: SubmitOptions = {}): EngineHandle {
    if (this.#closed) throw new SchedulerError('ENGINE_FAILURE', 'the engine is closed');
    if (this.core.get(request.id)) {
      throw new SchedulerError('INPUT_INVALID', `request id '${request.id}' is already in flight`);
    }
    if (request.prompt.length === 0) {
      throw new SchedulerError('INPUT_INVALID', `request ${request.id}: empty prompt`);
    }
    const maxPrompt = Math.min(
      this.contextPerSlot,
      this.limits.totalBlocks * this.limits.blockSize,
    );
    if (request.prompt.length >= maxPrompt) {
      throw new SchedulerError(
        'CAPACITY_EXCEEDED',
        `request ${request.id}: prompt has ${request.prompt.length} tokens; the context holds at most ` +
          `${maxPrompt - 1} prompt tokens per sequence`,
      );
    }
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1) {
      throw new SchedulerError('INPUT_INVALID', `request ${request.id}: maxTokens must be >= 1`);
    }
    const { policy } = this.#options;
    checkRequestNeeds(policy, request.id, request);
    const prediction = predictOnSubmit(request, this.#options);
    let resolve!: (r: GenerationResult) => void;
    const result = new Promise<GenerationResult>((r) => {
      resolve = r;
    });
    const stream = new TokenStream<TokenEvent>();
    const live = new LiveRequest({
      request,
      seq: this.#seq++,
      arrivalTime: options.arrivalTime ?? this.#options.clock.now(),
      stream,
      onToken: options.onToken,
      resolve,
      cached: (r) => this.#memory.cachedTokens(r),
    });
    if (this.#options.oracle && request.size !== undefined) live.size = request.size;
    if (prediction.predictedSize !== undefined) live.predictedSize = prediction.predictedSize;
    if (prediction.sizeDistribution !== undefined) {
      live.sizeDistribution = prediction.sizeDistribution;
    }
    if (prediction.predictorInput) live.predictorInput = prediction.predictorInput;
    this.core.add(live);
    const { signal } = options;
    if (signal) {
      const cancel = (): void => this.#cancel(live);
      if (signal.aborted) queueMicrotask(cancel);
      else signal.addEventListener('abort', cancel, { once: true });
    }
    if (!this.#options.manual) this.#kick();
    return { id: request.id, tokens: stream, result };
  }

  /** Stops accepting requests, cancels the unfinished ones and frees the context. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const live of [...this.core.seqs]) this.#cancel(live);
    this.#wake?.();
    while (this.#running) await new Promise((r) => setTimeout(r, 1));
    await this.#context.dispose();
  }

  /**
   * Runs one step now (option `manual`: a driver such as the parity test interleaves submissions
   * and steps on a virtual clock). False when the policy scheduled nothing.
   */
  step(): Promise<boolean> {
    return this.#step();
  }

  #kick(): void {
    if (this.#wake) {
      const wake = this.#wake;
      this.#wake = undefined;
      wake();
    }
    if (!this.#running) {
      this.#running = true;
      void this.#loop();
    }
  }

  async #loop(): Promise<void> {
    try {
      await null; // requests submitted in the same tick are planned together
      while (!this.#closed && this.core.outstanding > 0) {
        const progressed = await this.#step();
        if (!progressed && !this.#closed) {
          await new Promise<void>((r) => {
            this.#wake = r;
          });
        }
      }
    } catch (error) {
      // an engine-wide fault (policy bug, disposed context): every request ends with it
      const failure = new SchedulerError(
        'ENGINE_FAILURE',
        `engine failed: ${(error as Error).message}`,
        { cause: error, retryable: true },
      );
      for (const live of [...this.core.seqs]) this.#finish(live, 'error', failure);
    } finally {
      this.#running = false;
    }
  }

  /** One engine step; false when the policy scheduled nothing (the loop then waits for an event). */
  async #step(): Promise<boolean> {
    const { clock } = this.#options;
    const planStart = clock.now();
    const work = this.core.startSettledStep(planStart);
    if (work === null) return false;
    await this.#memory.flush();
    const start = clock.now();
    const before = work.requests.map((r) => r.computed);
    for (const r of work.requests) r.busy = true;
    const outcomes = await Promise.allSettled(
      work.requests.map((r, i) => this.#evaluate(r, before[i] as number, work.tokens[i] as number)),
    );
    const failed = work.requests.filter((_, i) => outcomes[i]?.status === 'rejected');
    const retried = new Map<LiveRequest, number | null | Error>();
    if (failed.length > 0 && work.requests.length > 1) {
      // a shared llama_decode fails as a whole: retry one by one to find the request at fault
      for (const r of failed) {
        const i = work.requests.indexOf(r);
        try {
          retried.set(r, await this.#evaluate(r, before[i] as number, work.tokens[i] as number));
        } catch (error) {
          retried.set(r, error as Error);
        }
      }
    }
    // measured on the clock, or charged from a cost model (stepSeconds: a virtual-time run)
    const stepCost = this.#options.stepSeconds;
    const charged = stepCost ? stepCost(work.shape) + work.extraSeconds : undefined;
    if (charged !== undefined) await clock.sleep(seconds(charged));
    const end = clock.now();
    const dt = charged ?? end - start;
    this.core.begin(dt);
    this.#stats.computedPromptTokens += work.shape.prefillTokens;
    work.requests.forEach((r, i) => {
      r.busy = false;
      const outcome = outcomes[i];
      const value =
        outcome?.status === 'fulfilled'
          ? outcome.value
          : (retried.get(r) ?? (outcome?.reason as Error));
      if (value instanceof Error) this.#fail(r, value, end);
      else r.sampled = value ?? undefined;
    });
    const finished = this.core.finishStep(end, (r) => this.#verdict(r, end));
    for (const r of finished) {
      if (r.pendingCancel) this.#finish(r, 'cancelled', r.pendingCancel);
      else this.#finish(r, finishReasonOf(r));
    }
    for (const r of work.requests) {
      if (r.pendingCancel && !r.finished) this.#finish(r, 'cancelled', r.pendingCancel);
    }
    let kvTokens = 0;
    for (const r of this.core.seqs) if (r.state === 'running') kvTokens += r.computed;
    this.stepLog.push({
      ...work.shape,
      start,
      seconds: seconds(dt),
      iterationSeconds: seconds(clock.now() - planStart),
      kvTokens,
    });
    return true;
  }

  /** Evaluates `tokens` tokens of `r` from position `from`; the sampled token when they complete it. */
  async #evaluate(r: LiveRequest, from: number, tokens: number): Promise<number | null> {
    const slot = r.slot;
    if (!slot) throw new Error('request has no slot');
    const feed: Token[] = [];
    for (let i = from; i < from + tokens; i++) feed.push(tokenAt(r, i) as Token);
    if (from + tokens < totalTokens(r)) {
      await slot.sequence.controlledEvaluate(feed);
      return null;
    }
    const last = feed.pop() as Token;
    const temperature = this.#options.temperature ?? 0;
    const sampling: { temperature: number; seed?: number; tokenBias?: TokenBias } = { temperature };
    if (temperature > 0) sampling.seed = ((r.request.seed ?? 0) * 7919 + r.output.length) >>> 0;
    if (this.#bias) sampling.tokenBias = this.#bias;
    const out = await slot.sequence.controlledEvaluate([
      ...feed,
      [last, { generateNext: { token: true, options: sampling } }],
    ]);
    const token = out.at(-1)?.next?.token;
    if (token === undefined || token === null) throw new Error('llama.cpp returned no token');
    return token;
  }

  /** The core asks before recording a new token: EOS ends the request; else stream it. */
  #verdict(r: LiveRequest, at: Seconds): 'token' | 'eos' {
    const value = r.sampled;
    r.sampled = undefined;
    if (r.pendingCancel) return 'eos'; // cancelled during the step: ends without this token
    if (value === undefined) return 'token'; // a virtual step (no model output): count it
    if (!this.#options.ignoreEos && this.#options.model.isEogToken(value as Token)) return 'eos';
    const event: TokenEvent = { id: r.request.id, token: value, index: r.output.length, at };
    r.output.push(value);
    r.stream.push(event);
    try {
      r.onToken?.(event);
    } catch {
      // a consumer's callback failing must not stop the engine
    }
    return 'token';
  }

  #fail(r: LiveRequest, error: Error, at: Seconds): void {
    this.#stats.failedEvaluations++;
    const slot = r.slot;
    this.core.remove(r, at);
    if (slot) void this.#pool.reset(slot);
    this.#finish(
      r,
      'error',
      new SchedulerError(
        'ENGINE_FAILURE',
        `request ${r.request.id}: evaluation failed: ${error.message}`,
        {
          cause: error,
          retryable: true,
        },
      ),
    );
  }

  #cancel(live: LiveRequest): void {
    if (live.resolved) return;
    const error = new SchedulerError('CANCELLED', `request ${live.request.id} was cancelled`);
    if (live.busy) live.pendingCancel = error;
    else this.#finish(live, 'cancelled', error);
    if (!this.#options.manual) this.#kick();
  }

  #finish(live: LiveRequest, reason: FinishReason, error?: SchedulerError): void {
    if (live.resolved) return;
    live.resolved = true;
    this.core.remove(live, this.#options.clock.now());
    const record = recordOf(live, reason, this.#options.clock.now());
    // online learning, as in the simulator: a completed request teaches the predictor its length
    const { predictor } = this.#options;
    if (!error && live.predictorInput && predictor !== undefined && predictor !== 'per-request') {
      predictor.observe(live.predictorInput, live.output.length);
    }
    live.stream.close();
    live.resolve(error ? { record, tokens: live.output, error } : { record, tokens: live.output });
  }
}

function finishReasonOf(r: LiveRequest): FinishReason {
  return r.endReason ?? 'length';
}
