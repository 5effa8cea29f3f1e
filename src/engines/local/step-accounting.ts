/**
 * Bookkeeping of the local engine's steps and requests: the cost-model view of a step (what the
 * simulator's cost model charges, and what `engine profile` fits) and the final record of a request.
 */
import type { StepBatch } from '../../sim/cost/cost-model.js';
import type { FinishReason, RequestRecord } from './engine-request.js';
import type { LiveRequest } from './live-request.js';

/** One scheduled request in one step: `tokens` tokens from position `before`. */
export interface Work {
  readonly live: LiveRequest;
  readonly tokens: number;
  /** The chunk completes the pending tokens: sample the next output token. */
  readonly generate: boolean;
  readonly before: number;
}

/** A decode is one token past the prompt; anything else is a prefill (or recompute) chunk. */
export function stepBatchOf(work: readonly Work[]): StepBatch {
  let prefillSeqs = 0;
  let prefillTokens = 0;
  let prefillAttention = 0;
  let decodeSeqs = 0;
  let decodeContext = 0;
  for (const w of work) {
    if (w.tokens === 1 && w.before >= w.live.request.prompt.length) {
      decodeSeqs++;
      decodeContext += w.before;
    } else {
      prefillSeqs++;
      prefillTokens += w.tokens;
      prefillAttention += w.tokens * (w.before + w.tokens / 2);
    }
  }
  return { prefillSeqs, prefillTokens, prefillAttention, decodeSeqs, decodeContext };
}

export function recordOf(
  live: LiveRequest,
  reason: FinishReason,
  finishedAt: number,
): RequestRecord {
  const r = live.request;
  const record: { -readonly [K in keyof RequestRecord]: RequestRecord[K] } = {
    id: r.id,
    arrivalTime: live.arrivalTime,
    promptTokens: r.prompt.length,
    outputTokens: live.output.length,
    finishedAt: finishedAt as RequestRecord['finishedAt'],
    tokenTimes: live.tokenTimes,
    preemptions: live.preemptions,
    cachedTokens: live.cachedTokens,
    finishReason: reason,
  };
  if (live.firstScheduledAt !== undefined) record.firstScheduledAt = live.firstScheduledAt;
  if (live.firstTokenAt !== undefined) record.firstTokenAt = live.firstTokenAt;
  if (r.ttftSlo !== undefined) record.ttftSlo = r.ttftSlo;
  if (r.tbtSlo !== undefined) record.tbtSlo = r.tbtSlo;
  return record;
}
