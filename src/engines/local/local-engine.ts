/**
 * The built-in real engine: one llama.cpp context (node-llama-cpp) with N sequences ("slots"),
 * scheduled at iteration level by a batch policy of `policies/batch` (the same code the simulator
 * runs). Each step:
 *
 *   view = EngineView of every unfinished request (one KV "block" = one slot of contextPerSlot tokens)
 *   plan = policy.plan(view)
 *   preempt (recompute): release the slot; its KV stays resident, so a resume may reuse it
 *   admit: claim a free slot (longest resident prefix kept: prefix reuse), for each newly scheduled
 *   evaluate: one `controlledEvaluate` per scheduled request, all issued in the same tick, so
 *     node-llama-cpp's batcher packs them into ONE llama_decode (checked through the batching hook:
 *     `stats.decodesPerStep`); the last token of a request whose chunk completes its pending tokens
 *     samples the next output token
 *   apply: advance computed tokens, emit tokens (stream + callback), finish on max_tokens, EOS
 *     (unless ignoreEos) or the context limit
 *
 * A failed evaluation ends only that request (ENGINE_FAILURE): when a shared decode fails, the
 * requests of that step are retried one by one to isolate the culprit. Cancellation frees the slot
 * at once (or at the end of the in-flight step). Time comes from the injected Clock.
 */
import { type LlamaContext, type Token, TokenBias } from 'node-llama-cpp';
import { SchedulerError } from '../../core/errors.js';
import type { RequestId } from '../../core/ids.js';
import type { EngineLimits, EngineView, PolicyNeed } from '../../core/step-plan.js';
import { type Seconds, seconds } from '../../core/units.js';
import {
  checkPolicyNeeds,
  checkRequestNeeds,
  type ExecutorSupply,
  requestFields,
} from '../../executor/check-policy-needs.js';
import { predictionDistribution } from '../../sim/engine/prediction-distribution.js';
import type { EngineHandle, SubmitOptions } from './engine-handle.js';
import type {
  EngineRequest,
  FinishReason,
  GenerationResult,
  TokenEvent,
} from './engine-request.js';
import type { EngineStats } from './engine-stats.js';
import { allTokens, type LiveRequest, tokenAt, toSeqView, totalTokens } from './live-request.js';
import { createEngineContext } from './llama-runtime.js';
import type { LocalEngineOptions } from './local-engine-options.js';
import { SlotPool } from './slot-pool.js';
import { recordOf, stepBatchOf, type Work } from './step-accounting.js';
import type { StepRecord } from './step-record.js';
import { TokenStream } from './token-stream.js';

/** What the local engine can supply to a policy in this configuration (checked at creation). */
export function engineSupply(options: LocalEngineOptions): ExecutorSupply {
  const supplies = new Set<PolicyNeed>(['promptTokens', 'serviceSeconds', ...requestFields]);
  if (options.oracle) supplies.add('size');
  if (options.predictor !== undefined) {
    supplies.add('predictedSize');
    supplies.add('predictedRemaining');
    if (options.predictor !== 'per-request') supplies.add('sizeDistribution');
  }
  return {
    executor: 'the local engine',
    supplies,
    hints: {
      size: 'run it with oracle: true (a replay knows true lengths)',
      predictedSize: 'give it a predictor (engine replay --predictor SPEC)',
      predictedRemaining: 'give it a predictor (engine replay --predictor SPEC)',
      sizeDistribution: 'give it a LengthPredictor (engine replay --predictor SPEC)',
      swap: 'llama.cpp sequences are not swapped to host here; use --preempt-mode recompute',
    },
  };
}

export type { EngineHandle, SubmitOptions } from './engine-handle.js';
export type { EngineStats } from './engine-stats.js';
export type { LocalEngineOptions } from './local-engine-options.js';
export type { StepRecord } from './step-record.js';

export class LocalEngine {
  readonly limits: EngineLimits;
  readonly contextPerSlot: number;
  readonly stepLog: StepRecord[] = [];
  readonly #options: LocalEngineOptions;
  readonly #context: LlamaContext;
  readonly #pool: SlotPool;
  readonly #live = new Map<RequestId, LiveRequest>();
  readonly #bias: TokenBias | undefined;
  #seq = 0;
  #wake: (() => void) | undefined;
  #running = false;
  #closed = false;
  #stepSecondsSum = 0;
  #decodes = 0;
  #stats = { reusedPromptTokens: 0, computedPromptTokens: 0, failedEvaluations: 0 };

  private constructor(options: LocalEngineOptions, context: LlamaContext) {
    this.#options = options;
    this.#context = context;
    const slots = context.totalSequences;
    this.contextPerSlot = context.contextSize;
    this.#pool = new SlotPool(Array.from({ length: slots }, () => context.getSequence()));
    this.limits = {
      maxBatchedTokens: context.batchSize,
      maxSeqs: slots,
      chunkCap: options.chunkCap ?? 0,
      blockSize: this.contextPerSlot,
      totalBlocks: slots,
      watermarkBlocks: 0,
    };
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
    return { steps: this.stepLog.length, decodes: this.#decodes, ...this.#stats };
  }

  /** Free slots (sequences not owned by a running request). */
  get freeSlots(): number {
    return this.#pool.free;
  }

  get unfinished(): number {
    return this.#live.size;
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
    if (this.#live.has(request.id)) {
      throw new SchedulerError('INPUT_INVALID', `request id '${request.id}' is already in flight`);
    }
    if (request.prompt.length === 0) {
      throw new SchedulerError('INPUT_INVALID', `request ${request.id}: empty prompt`);
    }
    if (request.prompt.length >= this.contextPerSlot) {
      throw new SchedulerError(
        'CAPACITY_EXCEEDED',
        `request ${request.id}: prompt has ${request.prompt.length} tokens; the context holds at most ` +
          `${this.contextPerSlot - 1} prompt tokens per sequence`,
      );
    }
    if (!Number.isInteger(request.maxTokens) || request.maxTokens < 1) {
      throw new SchedulerError('INPUT_INVALID', `request ${request.id}: maxTokens must be >= 1`);
    }
    const { policy } = this.#options;
    checkRequestNeeds(policy, request.id, request);
    const prediction = this.#predict(request);
    let resolve!: (r: GenerationResult) => void;
    const result = new Promise<GenerationResult>((r) => {
      resolve = r;
    });
    const stream = new TokenStream<TokenEvent>();
    const live: LiveRequest = {
      request,
      seq: this.#seq++,
      arrivalTime: this.#options.clock.now(),
      output: [],
      tokenTimes: [],
      stream,
      onToken: options.onToken,
      resolve,
      state: 'waiting',
      slot: undefined,
      computed: 0,
      firstScheduledAt: undefined,
      firstTokenAt: undefined,
      preemptions: 0,
      cachedTokens: 0,
      admitted: false,
      serviceSeconds: 0,
      busy: false,
      pendingCancel: undefined,
      match: undefined,
      ...prediction,
    };
    this.#live.set(request.id, live);
    const { signal } = options;
    if (signal) {
      const cancel = (): void => this.#cancel(live);
      if (signal.aborted) queueMicrotask(cancel);
      else signal.addEventListener('abort', cancel, { once: true });
    }
    this.#kick();
    return { id: request.id, tokens: stream, result };
  }

  /** The predicted size (and distribution) of a new request, from the configured source. */
  #predict(request: EngineRequest): Pick<LiveRequest, 'predictedSize' | 'sizeDistribution'> {
    const { predictor, policy } = this.#options;
    if (predictor === undefined) return {};
    if (predictor === 'per-request') {
      if (request.predictedSize === undefined && policy.needs?.includes('predictedSize')) {
        throw new SchedulerError(
          'INPUT_INVALID',
          `request ${request.id} has no predictedSize, which policy '${policy.name}' needs (engine predictor: per-request)`,
        );
      }
      return request.predictedSize !== undefined ? { predictedSize: request.predictedSize } : {};
    }
    const prediction = predictor.predict({
      id: request.id,
      promptTokens: request.prompt.length,
      outputTokens: request.size ?? request.maxTokens,
      maxTokens: request.maxTokens,
      ...(request.group !== undefined ? { group: request.group } : {}),
      ...(request.tenant !== undefined ? { tenant: request.tenant } : {}),
    });
    return {
      predictedSize: request.predictedSize ?? prediction.mean,
      ...(policy.needs?.includes('sizeDistribution')
        ? { sizeDistribution: predictionDistribution(prediction) }
        : {}),
    };
  }

  /** Stops accepting requests, cancels the unfinished ones and frees the context. */
  async close(): Promise<void> {
    this.#closed = true;
    for (const live of [...this.#live.values()]) this.#cancel(live);
    this.#wake?.();
    while (this.#running) await new Promise((r) => setTimeout(r, 1));
    await this.#context.dispose();
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
      while (!this.#closed && this.#live.size > 0) {
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
        {
          cause: error,
          retryable: true,
        },
      );
      for (const live of [...this.#live.values()]) this.#finish(live, 'error', failure);
    } finally {
      this.#running = false;
    }
  }

  #cachedFor(live: LiveRequest): number {
    const version = this.#pool.version;
    if (live.match?.version === version) return live.match.length;
    const cap = totalTokens(live) - 1;
    const length = this.#pool.bestMatch(allTokens(live), cap).length;
    live.match = { version, length };
    return length;
  }

  #view(): EngineView {
    const now = this.#options.clock.now();
    const requests = [...this.#live.values()].map((live) =>
      toSeqView(
        live,
        live.state === 'running' ? 0 : this.#cachedFor(live),
        this.#options.oracle === true,
      ),
    );
    const steps = this.stepLog.length;
    return {
      now,
      requests,
      requestsInArrivalOrder: true,
      freeBlocks: this.#pool.free,
      limits: this.limits,
      meanStepSeconds: seconds(steps > 0 ? this.#stepSecondsSum / steps : 0),
    };
  }

  /** One engine step; false when the policy scheduled nothing (the loop then waits for an event). */
  async #step(): Promise<boolean> {
    const planStart = this.#options.clock.now();
    const plan = this.#options.policy.plan(this.#view());
    for (const p of plan.preempt) {
      const live = this.#live.get(p.id);
      if (live?.state !== 'running' || !live.slot) continue;
      this.#pool.release(live.slot);
      live.slot = undefined;
      live.state = 'preempted';
      live.computed = 0;
      live.preemptions++;
    }
    const work: Work[] = [];
    for (const s of plan.scheduled) {
      const live = this.#live.get(s.id);
      if (!live || live.pendingCancel) continue;
      if (live.state !== 'running') {
        const claim = await this.#pool.claim(
          live.request.id,
          allTokens(live),
          totalTokens(live) - 1,
        );
        if (!claim) continue; // no free slot: the plan over-admitted; try again next step
        live.slot = claim.slot;
        live.state = 'running';
        live.computed = claim.reused;
        if (!live.admitted) {
          live.admitted = true;
          live.cachedTokens = Math.min(claim.reused, live.request.prompt.length);
          this.#stats.reusedPromptTokens += live.cachedTokens;
        }
      }
      const pending = totalTokens(live) - live.computed;
      const tokens = Math.max(1, Math.min(s.tokens, pending));
      work.push({
        live,
        tokens,
        generate: live.computed + tokens === totalTokens(live),
        before: live.computed,
      });
    }
    if (work.length === 0) return false;
    const start = this.#options.clock.now();
    for (const w of work) {
      w.live.busy = true;
      w.live.firstScheduledAt ??= start;
    }
    const outcomes = await Promise.allSettled(work.map((w) => this.#evaluate(w)));
    const failed = work.filter((_, i) => outcomes[i]?.status === 'rejected');
    const retried = new Map<Work, number | null | Error>();
    if (failed.length > 0 && work.length > 1) {
      // a shared llama_decode fails as a whole: retry one by one to find the request at fault
      for (const w of failed) {
        try {
          retried.set(w, await this.#evaluate(w));
        } catch (error) {
          retried.set(w, error as Error);
        }
      }
    }
    const end = this.#options.clock.now();
    const dt = end - start;
    this.#stepSecondsSum += dt;
    const batch = stepBatchOf(work);
    this.#stats.computedPromptTokens += batch.prefillTokens;
    work.forEach((w, i) => {
      const outcome = outcomes[i];
      let value: number | null | Error;
      if (outcome?.status === 'fulfilled') value = outcome.value;
      else value = retried.get(w) ?? (outcome?.reason as Error);
      this.#apply(w, value, end, dt);
    });
    let kvTokens = 0;
    for (const live of this.#live.values()) if (live.state === 'running') kvTokens += live.computed;
    const iteration = this.#options.clock.now() - planStart;
    this.stepLog.push({
      ...batch,
      start,
      seconds: seconds(dt),
      iterationSeconds: seconds(iteration),
      kvTokens,
    });
    return true;
  }

  /** Evaluates a work item; resolves to the sampled token (or null for a non-final chunk). */
  async #evaluate(w: Work): Promise<number | null> {
    const { live } = w;
    const slot = live.slot;
    if (!slot) throw new Error('request has no slot');
    const feed: Token[] = [];
    for (let i = w.before; i < w.before + w.tokens; i++) feed.push(tokenAt(live, i) as Token);
    if (!w.generate) {
      await slot.sequence.controlledEvaluate(feed);
      return null;
    }
    const last = feed.pop() as Token;
    const temperature = this.#options.temperature ?? 0;
    const sampling: { temperature: number; seed?: number; tokenBias?: TokenBias } = { temperature };
    if (temperature > 0)
      sampling.seed = ((live.request.seed ?? 0) * 7919 + live.output.length) >>> 0;
    if (this.#bias) sampling.tokenBias = this.#bias;
    const out = await slot.sequence.controlledEvaluate([
      ...feed,
      [last, { generateNext: { token: true, options: sampling } }],
    ]);
    const token = out.at(-1)?.next?.token;
    if (token === undefined || token === null) throw new Error('llama.cpp returned no token');
    return token;
  }

  #apply(w: Work, value: number | null | Error, at: Seconds, dt: number): void {
    const { live } = w;
    live.busy = false;
    live.serviceSeconds += dt;
    if (value instanceof Error) {
      this.#stats.failedEvaluations++;
      const slot = live.slot;
      live.slot = undefined;
      if (slot) void this.#pool.reset(slot);
      this.#finish(
        live,
        'error',
        new SchedulerError(
          'ENGINE_FAILURE',
          `request ${live.request.id}: evaluation failed: ${value.message}`,
          {
            cause: value,
            retryable: true,
          },
        ),
      );
      return;
    }
    live.computed = w.before + w.tokens;
    if (live.pendingCancel) {
      this.#finish(live, 'cancelled', live.pendingCancel);
      return;
    }
    if (value === null) return;
    const model = this.#options.model;
    if (!this.#options.ignoreEos && model.isEogToken(value as Token)) {
      this.#finish(live, 'stop');
      return;
    }
    const event: TokenEvent = { id: live.request.id, token: value, index: live.output.length, at };
    live.output.push(value);
    live.tokenTimes.push(at);
    live.firstTokenAt ??= at;
    live.stream.push(event);
    try {
      live.onToken?.(event);
    } catch {
      // a consumer's callback failing must not stop the engine
    }
    if (live.output.length >= live.request.maxTokens) this.#finish(live, 'length');
    else if (totalTokens(live) >= this.contextPerSlot) this.#finish(live, 'context');
  }

  #cancel(live: LiveRequest): void {
    if (!this.#live.has(live.request.id)) return;
    const error = new SchedulerError('CANCELLED', `request ${live.request.id} was cancelled`);
    if (live.busy) live.pendingCancel = error;
    else this.#finish(live, 'cancelled', error);
    this.#kick();
  }

  #finish(live: LiveRequest, reason: FinishReason, error?: SchedulerError): void {
    if (!this.#live.delete(live.request.id)) return;
    if (live.slot) {
      this.#pool.release(live.slot);
      live.slot = undefined;
    }
    const record = recordOf(live, reason, this.#options.clock.now());
    live.stream.close();
    live.resolve(error ? { record, tokens: live.output, error } : { record, tokens: live.output });
  }
}
