/**
 * The engine's request: the executor core's state machine (ExecRequest) plus what only the real
 * engine has: token ids, the token stream and callback, the result promise, the llama.cpp sequence
 * ("slot") holding its KV and the blocks it is charged for. It is the SeqView policies see.
 */
import type { SchedulerError } from '../../core/errors.js';
import type { Seconds } from '../../core/units.js';
import { ExecRequest } from '../../executor/exec-request.js';
import type { PredictorInput } from '../../predictors/predictor.js';
import type { EngineRequest, GenerationResult, TokenEvent } from './engine-request.js';
import type { Slot } from './slot-pool.js';
import type { TokenStream } from './token-stream.js';

export class LiveRequest extends ExecRequest {
  readonly request: EngineRequest;
  readonly output: number[] = [];
  readonly stream: TokenStream<TokenEvent>;
  readonly onToken: ((event: TokenEvent) => void) | undefined;
  readonly resolve: (result: GenerationResult) => void;
  slot: Slot | undefined;
  /** KV blocks charged to it (ceil(computed / blockSize) while running). */
  blocks = 0;
  /** Part of the step being evaluated now. */
  busy = false;
  /** Set when cancelled during a step: finalised when the step ends. */
  pendingCancel: SchedulerError | undefined;
  /** Its result was resolved (finished, failed or cancelled). */
  resolved = false;
  /** What the engine's predictor was given at submission (passed again to `observe` on completion). */
  predictorInput?: PredictorInput;
  /** The token sampled for it in the step being committed (undefined: none). */
  sampled: number | undefined;
  readonly #cached: (r: LiveRequest) => number;

  constructor(init: {
    request: EngineRequest;
    seq: number;
    arrivalTime: Seconds;
    stream: TokenStream<TokenEvent>;
    onToken: ((event: TokenEvent) => void) | undefined;
    resolve: (result: GenerationResult) => void;
    /** The prefix a claim would reuse now, in tokens (the memory facade's lookup). */
    cached: (r: LiveRequest) => number;
  }) {
    const r = init.request;
    super({
      id: r.id,
      seq: init.seq,
      arrivalTime: init.arrivalTime,
      promptTokens: r.prompt.length,
      maxOutput: r.maxTokens,
      priority: r.priority,
      prefixHashes: r.prefixHashes,
      group: r.group,
      tenant: r.tenant,
      ttftSlo: r.ttftSlo,
      tbtSlo: r.tbtSlo,
    });
    this.request = r;
    this.stream = init.stream;
    this.onToken = init.onToken;
    this.resolve = init.resolve;
    this.#cached = init.cached;
  }

  get kvBlocks(): number {
    return this.blocks;
  }
  get exclusiveBlocks(): number {
    return this.blocks;
  }
  get cachedTokens(): number {
    if (this.state === 'running' || this.swapped) return 0;
    return this.#cached(this);
  }
  get cachedBlocksInUse(): number {
    return 0;
  }
}

/** Prompt plus output so far. */
export const totalTokens = (live: LiveRequest): number =>
  live.request.prompt.length + live.output.length;

/** Token at position `i` of prompt + output. */
export function tokenAt(live: LiveRequest, i: number): number {
  const p = live.request.prompt;
  return (i < p.length ? p[i] : live.output[i - p.length]) as number;
}

/** The tokens prompt + output (a copy). */
export const allTokens = (live: LiveRequest): number[] => [...live.request.prompt, ...live.output];
