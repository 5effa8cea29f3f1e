/**
 * The engine's mutable state of one accepted request (R4: internal RequestState, never exported to
 * policies; policies see the `SeqView` built by `toSeqView`).
 */
import type { SchedulerError } from '../../core/errors.js';
import type { SizeDistribution } from '../../core/job-view.js';
import type { SeqState, SeqView } from '../../core/step-plan.js';
import type { Seconds } from '../../core/units.js';
import type { EngineRequest, GenerationResult, TokenEvent } from './engine-request.js';
import type { Slot } from './slot-pool.js';
import type { TokenStream } from './token-stream.js';

export interface LiveRequest {
  readonly request: EngineRequest;
  readonly seq: number;
  readonly arrivalTime: Seconds;
  readonly output: number[];
  readonly tokenTimes: Seconds[];
  readonly stream: TokenStream<TokenEvent>;
  readonly onToken: ((event: TokenEvent) => void) | undefined;
  readonly resolve: (result: GenerationResult) => void;
  state: SeqState;
  slot: Slot | undefined;
  /** Tokens (prompt + output) whose KV is in `slot`. */
  computed: number;
  firstScheduledAt: Seconds | undefined;
  firstTokenAt: Seconds | undefined;
  preemptions: number;
  /** Prompt tokens reused from resident KV at first admission. */
  cachedTokens: number;
  admitted: boolean;
  serviceSeconds: number;
  /** Part of the step being evaluated now. */
  busy: boolean;
  /** Set when cancelled during a step: finalised when the step ends. */
  pendingCancel: SchedulerError | undefined;
  match: { version: number; length: number } | undefined;
  /** The prediction made on submission (or the caller's). */
  readonly predictedSize?: number;
  readonly sizeDistribution?: SizeDistribution;
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

/** What batch policies see. `cached` is the prefix a claim would reuse now (non-running only). */
export function toSeqView(live: LiveRequest, cached: number, withSize: boolean): SeqView {
  const r = live.request;
  const running = live.state === 'running';
  const view: { -readonly [K in keyof SeqView]: SeqView[K] } = {
    id: r.id,
    seq: live.seq,
    arrivalTime: live.arrivalTime,
    state: live.state,
    promptTokens: r.prompt.length,
    prefillDone: running ? Math.min(live.computed, r.prompt.length) : 0,
    cachedTokens: running ? 0 : cached,
    generated: live.output.length,
    kvBlocks: running ? 1 : 0,
    preemptions: live.preemptions,
    serviceSeconds: live.serviceSeconds,
    cachedBlocksInUse: 0,
  };
  if (running) {
    view.computedTokens = live.computed;
    view.exclusiveBlocks = 1;
  }
  if (withSize && r.size !== undefined) view.size = r.size;
  if (live.predictedSize !== undefined) view.predictedSize = live.predictedSize;
  if (live.sizeDistribution !== undefined) view.sizeDistribution = live.sizeDistribution;
  if (r.prefixHashes !== undefined) view.prefixHashes = r.prefixHashes;
  if (r.group !== undefined) view.group = r.group;
  if (r.tenant !== undefined) view.tenant = r.tenant;
  if (r.priority !== undefined) view.priority = r.priority;
  if (r.tbtSlo !== undefined) view.tbtSlo = r.tbtSlo;
  if (r.ttftSlo !== undefined) view.ttftSlo = r.ttftSlo;
  if (live.firstScheduledAt !== undefined) view.firstScheduledAt = live.firstScheduledAt;
  const last = live.tokenTimes.at(-1);
  if (last !== undefined) view.lastTokenAt = last;
  return view;
}
