/**
 * The gateway's queue as a batch policy's `EngineView` (core/step-plan.ts), so the registry's
 * policies order it unchanged:
 *
 *   waiting request    -> state 'waiting', nothing computed, no cached tokens (the gateway cannot
 *                         see engine caches), its predicted size, priority, tenant, TTFT target
 *   dispatched request -> state 'running', decoding: prompt done, `generated` = tokens streamed
 *                         (at least 1), one pending token
 *   limits             -> max_num_seqs = running + the free sequences of all backends; token budget
 *                         and memory unbounded (block = 1 token): the dispatcher checks each
 *                         backend's real capacity, the plan only orders
 */
import type { RequestId } from '../core/ids.js';
import type { EngineView, SeqView } from '../core/step-plan.js';
import type { Seconds } from '../core/units.js';
import type { GatewayRequest } from './gateway-request.js';

const unbounded = 2 ** 40;

function waitingView(request: GatewayRequest): SeqView {
  return {
    id: request.id,
    seq: request.seq,
    arrivalTime: request.arrival,
    state: 'waiting',
    promptTokens: request.promptTokens,
    prefillDone: 0,
    cachedTokens: 0,
    computedTokens: 0,
    generated: 0,
    kvBlocks: 0,
    preemptions: 0,
    serviceSeconds: 0,
    ...requestFields(request, 0),
  };
}

/** Fields a request brings (priority, tenant, group, prefix hashes, TTFT target, predictions). */
function requestFields(request: GatewayRequest, generated: number) {
  return {
    priority: request.priority,
    tenant: request.tenant,
    prefixHashes: request.prefixHashes,
    ...(request.group !== undefined ? { group: request.group } : {}),
    ...(request.ttftSlo !== undefined ? { ttftSlo: request.ttftSlo } : {}),
    ...(request.predictedSize !== undefined
      ? {
          predictedSize: request.predictedSize,
          predictedRemaining: Math.max(0, request.predictedSize - generated),
        }
      : {}),
  };
}

function runningView(request: GatewayRequest, now: Seconds): SeqView {
  const generated = Math.max(1, request.generated);
  const dispatched = request.dispatchedAt ?? now;
  return {
    id: request.id,
    seq: request.seq,
    arrivalTime: request.arrival,
    state: 'running',
    promptTokens: request.promptTokens,
    prefillDone: request.promptTokens,
    cachedTokens: 0,
    computedTokens: request.promptTokens + generated - 1,
    generated,
    kvBlocks: request.promptTokens + generated,
    preemptions: 0,
    serviceSeconds: now - dispatched,
    firstScheduledAt: dispatched,
    ...requestFields(request, generated),
  };
}

export function buildQueueView(
  waiting: readonly GatewayRequest[],
  running: readonly GatewayRequest[],
  now: Seconds,
  freeSeqs: number,
): { view: EngineView; byId: Map<RequestId, GatewayRequest> } {
  const byId = new Map<RequestId, GatewayRequest>();
  const requests: SeqView[] = [];
  let used = 0;
  for (const r of running) {
    const seq = runningView(r, now);
    used += seq.kvBlocks;
    requests.push(seq);
    byId.set(r.id, r);
  }
  for (const r of waiting) {
    requests.push(waitingView(r));
    byId.set(r.id, r);
  }
  const maxSeqs = Math.min(unbounded, running.length + Math.min(freeSeqs, waiting.length));
  return {
    byId,
    view: {
      now,
      requests,
      freeBlocks: unbounded - used,
      limits: {
        maxBatchedTokens: unbounded,
        maxSeqs,
        chunkCap: 0,
        blockSize: 1,
        totalBlocks: unbounded,
        watermarkBlocks: 0,
      },
      meanStepSeconds: 0 as Seconds,
    },
  };
}
