/**
 * The admission queue's refusals, as the OpenAI-style errors clients get: 503 while draining or
 * when the queue is full, 429 when a TTFT deadline cannot be met (at admission) or passed while
 * queued, 502 when every backend failed a request. Each names its cause in `code`, and the
 * retryable ones carry a Retry-After estimated from the queue (`retryAfterSeconds`); a deadline is
 * judged against the queueing delay estimated the same way (`queueWaitSeconds`).
 *
 * @example
 * throw queueRefusal.full(`${limits.maxRequests} requests waiting`, retryAfterSeconds(slots, ahead, mean));
 */
import type { Seconds } from '../core/units.js';
import type { BackendSlot } from './backend-slot.js';
import { GatewayError } from './gateway-error.js';

const ms = (s: number): number => Math.round(s * 1000);

export const queueRefusal = {
  /** 503 `draining`: the gateway is shutting down. */
  draining: (): GatewayError =>
    new GatewayError(503, 'server_error', 'draining', 'the gateway is shutting down', {
      retryAfterSeconds: 5,
    }),
  /** 503 `queue_full`; `what` says which limit, e.g. "100 requests waiting". */
  full: (what: string, retryAfter: number): GatewayError =>
    new GatewayError(503, 'server_error', 'queue_full', `the queue is full (${what})`, {
      retryAfterSeconds: retryAfter,
    }),
  /** 429 `deadline_unmeetable`: the estimated wait already exceeds the TTFT target. */
  deadlineUnmeetable: (ttftSlo: Seconds, wait: number): GatewayError =>
    new GatewayError(
      429,
      'rate_limit_error',
      'deadline_unmeetable',
      `the TTFT deadline of ${ms(ttftSlo)} ms cannot be met (estimated wait ${ms(wait)} ms)`,
      { retryAfterSeconds: Math.max(1, Math.ceil(wait)) },
    ),
  /** 429 `deadline_exceeded`: the TTFT target passed while the request was queued. */
  deadlineExceeded: (ttftSlo: Seconds, waited: number, retryAfter: number): GatewayError =>
    new GatewayError(
      429,
      'rate_limit_error',
      'deadline_exceeded',
      `the TTFT deadline of ${ms(ttftSlo)} ms passed while queued (waited ${ms(waited)} ms)`,
      { retryAfterSeconds: retryAfter },
    ),
  /** 502 `backend_unavailable`: every backend failed this request before its first byte. */
  backendsExhausted: (): GatewayError =>
    new GatewayError(
      502,
      'server_error',
      'backend_unavailable',
      'every backend failed this request',
    ),
} as const;

/**
 * Retry-After seconds for a refusal with `ahead` requests queued: their share of the backends'
 * concurrent sequences times the mean service time (at least 1 s each).
 */
export function retryAfterSeconds(
  slots: readonly BackendSlot[],
  ahead: number,
  meanServiceSeconds: number,
): number {
  let total = 0;
  for (const slot of slots) total += Math.max(1, slot.backend.capacity.maxConcurrent);
  return Math.max(1, Math.ceil((ahead / Math.max(1, total)) * Math.max(meanServiceSeconds, 1)));
}

/**
 * Estimated queueing delay of a request with `ahead()` requests before it: 0 while a free
 * sequence is left for it, else whole service rounds over every backend's sequences. 0 when a
 * backend has no concurrency limit or no service time is known yet; `ahead` (it plans the queue)
 * is only called when a wait is possible.
 */
export function queueWaitSeconds(
  slots: readonly BackendSlot[],
  meanServiceSeconds: number,
  ahead: () => number,
): number {
  let free = 0;
  let total = 0;
  for (const slot of slots) {
    free += slot.freeSeqs;
    const limit = slot.backend.capacity.maxConcurrent;
    total += limit > 0 ? limit : Number.POSITIVE_INFINITY;
  }
  if (!Number.isFinite(total) || meanServiceSeconds === 0) return 0;
  const before = ahead();
  if (before < free) return 0;
  return Math.ceil((before + 1 - free) / total) * meanServiceSeconds;
}
