/**
 * The final record of a local-engine request (its timeline in engine-clock seconds), from the
 * executor core's request state.
 */
import type { FinishReason, RequestRecord } from './engine-request.js';
import type { LiveRequest } from './live-request.js';

export function recordOf(
  live: LiveRequest,
  reason: FinishReason,
  finishedAt: number,
): RequestRecord {
  const r = live.request;
  const tokenTimes = live.tokenTimesArray() as unknown as RequestRecord['tokenTimes'];
  const record: { -readonly [K in keyof RequestRecord]: RequestRecord[K] } = {
    id: r.id,
    arrivalTime: live.arrivalTime,
    promptTokens: r.prompt.length,
    outputTokens: live.output.length,
    finishedAt: finishedAt as RequestRecord['finishedAt'],
    tokenTimes,
    preemptions: live.preemptions,
    cachedTokens: live.cachedPromptTokens,
    finishReason: reason,
  };
  if (live.firstScheduledAt !== undefined) record.firstScheduledAt = live.firstScheduledAt;
  if (tokenTimes[0] !== undefined) record.firstTokenAt = tokenTimes[0];
  if (live.queueByCause !== undefined) record.queueByCause = live.queueByCause;
  if (r.ttftSlo !== undefined) record.ttftSlo = r.ttftSlo;
  if (r.tbtSlo !== undefined) record.tbtSlo = r.tbtSlo;
  return record;
}
