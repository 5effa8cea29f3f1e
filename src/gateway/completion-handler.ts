/**
 * POST /v1/chat/completions and /v1/completions: authenticate, validate, predict, admit, wait for
 * a backend, relay its events (SSE or one JSON body), record. Every admitted request ends exactly
 * once, in a response or an explicit error, and releases its backend capacity; a client that
 * disconnects (queued or running) aborts its request and frees its place.
 *
 * Retry: a backend failure before anything reached the client sends the request back to the queue
 * for another backend (never one that failed it); after the first byte the stream ends with an
 * OpenAI error event.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BackendError,
  type BackendEvent,
  type BackendRequest,
  type Completion,
  type CompletionKind,
} from '../backends/backend.js';
import { CancelSource } from '../backends/cancel-source.js';
import { SchedulerError } from '../core/errors.js';
import { type RequestId, requestId } from '../core/ids.js';
import type { Seconds } from '../core/units.js';
import { checkRequestNeeds } from '../executor/check-policy-needs.js';
import type { PredictorInput } from '../predictors/predictor.js';
import { type BackendSlot, prefixBlockChars } from './backend-slot.js';
import type { GatewayContext } from './gateway-context.js';
import { cancelledError, errorBody, GatewayError } from './gateway-error.js';
import type { Outcome } from './gateway-metrics.js';
import { GatewayRequest } from './gateway-request.js';
import { parseCompletionBody } from './openai-request.js';

const maxPrefixBlocks = 32;

/** FNV-1a hash of a text, hex. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

/** FNV-1a hashes of the prompt's leading 64-character blocks, chained (prefix-affinity routing). */
export function prefixHashes(text: string): string[] {
  const out: string[] = [];
  let h = 0x811c9dc5;
  const blocks = Math.min(maxPrefixBlocks, Math.floor(text.length / prefixBlockChars));
  for (let b = 0; b < blocks; b++) {
    for (let i = b * prefixBlockChars; i < (b + 1) * prefixBlockChars; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out.push(h.toString(16));
  }
  return out;
}

interface Timeline {
  firstTokenAt?: Seconds;
  lastTokenAt?: Seconds;
  tokens: number;
}

export async function handleCompletion(
  ctx: GatewayContext,
  kind: CompletionKind,
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
): Promise<void> {
  const arrival = ctx.clock.now();
  let tenantName = 'unknown';
  let request: GatewayRequest | undefined;
  try {
    const tenant = ctx.auth.authenticate(req.headers);
    tenantName = tenant.name;
    const parsed = parseCompletionBody(kind, body);
    if (ctx.models.size > 0 && !ctx.models.has(parsed.model)) {
      throw new GatewayError(
        404,
        'invalid_request_error',
        'model_not_found',
        `the model '${parsed.model}' does not exist`,
        { param: 'model' },
      );
    }
    const maxTokens = parsed.maxTokens ?? ctx.config.defaultMaxTokens;
    if (maxTokens > ctx.config.maxTokensLimit) {
      throw new GatewayError(
        400,
        'invalid_request_error',
        'invalid_request',
        `max_tokens must be at most ${ctx.config.maxTokensLimit}`,
        { param: 'max_tokens' },
      );
    }
    const admission = ctx.auth.admit(tenant, req.headers, parsed.priority);
    const seq = ctx.nextSeq();
    const id: RequestId = requestId(`${ctx.idPrefix}${seq}`);
    const promptTokens = Math.max(1, Math.ceil(parsed.text.length / 4));
    // optional fields set after the literal, not spread in (a spread copies a temporary object)
    const input: Writable<PredictorInput> = {
      id,
      promptTokens,
      prompt: parsed.text,
      messageCount: parsed.messageCount,
      maxTokens,
      model: parsed.model,
      tenant: tenant.name,
    };
    if (parsed.system !== '') input.group = parsed.system;
    const policy = ctx.queue.policy;
    if (policy.needs !== undefined && policy.needs.length > 0) {
      checkRequestNeeds(policy, id, {
        ttftSlo: admission.ttftSlo,
        tenant: tenant.name,
        priority: admission.priority,
        prefixHashes: [],
        group: parsed.system !== '' ? parsed.system : undefined,
      });
    }
    const prediction = ctx.predictor?.predict(input);
    const predictedSize = prediction instanceof Promise ? await prediction : prediction;
    request = new GatewayRequest({
      id,
      seq,
      arrival,
      tenant: tenant.name,
      model: parsed.model,
      promptTokens,
      maxTokens,
      priority: admission.priority,
      sloClass: admission.sloClass,
      ttftSlo: admission.ttftSlo,
      predictedSize,
      prefixHashes: prefixHashes(parsed.text),
      group: parsed.system !== '' ? fnv1a(parsed.system) : undefined,
    });
    const live = request;
    const abort = new CancelSource();
    const onClose = (): void => {
      if (res.writableFinished) return;
      abort.abort();
      if (live.queued) ctx.queue.cancel(live);
    };
    res.on('close', onClose);
    let dispatched: Promise<BackendSlot>;
    try {
      dispatched = ctx.queue.submit(live);
    } catch (error) {
      res.off('close', onClose);
      throw error;
    }
    ctx.inFlight.count++;
    // a client's priority is never forwarded as is (the backend sends the gateway's); no
    // `delete`, which would turn the body into a slow dictionary-mode object, and no copy when
    // there is none
    const forwarded = Object.hasOwn(parsed.body, 'priority')
      ? withoutPriority(parsed.body)
      : parsed.body;
    const timeline: Timeline = { tokens: 0 };
    let outcome: Outcome = 'error';
    let slot: BackendSlot | undefined;
    try {
      for (;;) {
        slot = await dispatched;
        ctx.metrics.queueDelayOf(tenant.name).observe((live.dispatchedAt ?? arrival) - arrival);
        try {
          const backendRequest: Writable<BackendRequest> = {
            id,
            kind,
            body: forwarded,
            model: parsed.model,
            promptText: parsed.text,
            stream: parsed.stream,
            created: ctx.unixNow(),
            includeUsage: parsed.includeUsage,
            maxTokens,
            priority: enginePriorityOf(live),
          };
          if (predictedSize !== undefined) backendRequest.predictedTokens = predictedSize;
          const backend = slot.backend;
          if (backend.complete !== undefined && !parsed.stream) {
            // a non-stream request on a backend that answers it as one promise (no async
            // iterator, and no relay call of its own)
            try {
              const completion = await backend.complete(backendRequest, abort);
              if (abort.aborted) throw cancelledError();
              sendCompletion(live, slot, res, timeline, completion);
            } catch (error) {
              throw relayFailure(error, abort, res);
            }
          } else {
            await relay(ctx, live, slot, res, abort, timeline, backendRequest);
          }
          outcome = 'completed';
          break;
        } catch (error) {
          if (
            error instanceof BackendError &&
            error.retryable &&
            !res.headersSent &&
            !abort.aborted &&
            ctx.queue.slots.some((s) => s !== slot && !live.excludes(s.name))
          ) {
            live.exclude(slot.name);
            ctx.metrics.retries.inc({ backend: slot.name });
            if (ctx.logRequests)
              ctx.log(
                `request ${id}: backend ${slot.name} failed before the first byte (${error.message}); retrying elsewhere`,
              );
            dispatched = ctx.queue.requeue(live);
            continue;
          }
          throw error;
        }
      }
    } catch (error) {
      if (abort.aborted) {
        outcome = 'cancelled';
        if (!res.writableEnded) res.destroy();
      } else throw error;
    } finally {
      res.off('close', onClose);
      ctx.queue.release(live, timeline.tokens);
      ctx.inFlight.count--;
      finish(ctx, live, slot, outcome, timeline, input);
    }
  } catch (error) {
    if (request?.queued) ctx.queue.cancel(request);
    sendError(ctx, res, error, tenantName);
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The body without its `priority` (a copy). */
function withoutPriority(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { priority: _claimed, ...rest } = body;
  return rest;
}

/** Gateway priority -> the value sent to engines: class/claimed priority, then predicted length. */
function enginePriorityOf(request: GatewayRequest): number {
  return request.priority * 100_000 + Math.min(99_999, Math.round(request.predictedSize ?? 0));
}

async function relay(
  ctx: GatewayContext,
  request: GatewayRequest,
  slot: BackendSlot,
  res: ServerResponse,
  signal: CancelSource,
  timeline: Timeline,
  backendRequest: Parameters<BackendSlot['backend']['start']>[0],
): Promise<void> {
  const backend = slot.backend;
  try {
    const events: AsyncIterable<BackendEvent> = backend.start(backendRequest, signal);
    for await (const event of events) {
      if (signal.aborted) throw cancelledError();
      switch (event.type) {
        case 'chunk': {
          if (!res.headersSent) {
            res.writeHead(200, responseHeaders(request, slot, sseType));
          }
          if (event.tokens > 0) {
            const now = ctx.clock.now();
            timeline.firstTokenAt ??= now;
            timeline.lastTokenAt = now;
            timeline.tokens += event.tokens;
            request.streamed(request.generated + event.tokens);
          }
          res.write(`data: ${event.json}\n\n`);
          break;
        }
        case 'end': {
          if (event.usage) timeline.tokens = event.usage.completion_tokens;
          if (!res.headersSent) {
            res.writeHead(200, responseHeaders(request, slot, sseType));
          }
          res.end('data: [DONE]\n\n');
          return;
        }
        case 'complete': {
          sendCompletion(request, slot, res, timeline, event);
          return;
        }
      }
    }
  } catch (error) {
    throw relayFailure(error, signal, res);
  }
  if (signal.aborted) throw cancelledError();
  throw new BackendError(`backend ${slot.name}: the response ended without a result`, {
    status: 502,
    beforeFirstByte: !res.headersSent,
  });
}

/**
 * What a failed relay throws: `cancelled` when the client left; after the first byte, the stream
 * gets an OpenAI error event and ends (StreamBroken: nothing more to send); else the error.
 */
function relayFailure(error: unknown, signal: CancelSource, res: ServerResponse): unknown {
  if (signal.aborted) return cancelledError();
  if (res.headersSent && !res.writableEnded) {
    // after the first byte: an OpenAI error event, then the stream ends
    const message = error instanceof Error ? error.message : String(error);
    res.end(`data: ${errorBody(message, 'server_error', 'backend_error')}\n\n`);
    return new StreamBroken(message);
  }
  return error;
}

/** A non-stream response: its usage counted, its body sent as the backend wrote it. */
function sendCompletion(
  request: GatewayRequest,
  slot: BackendSlot,
  res: ServerResponse,
  timeline: Timeline,
  completion: Completion,
): void {
  timeline.tokens = completion.usage.completion_tokens;
  request.streamed(timeline.tokens);
  res.writeHead(200, responseHeaders(request, slot, jsonType));
  res.end(completion.json);
}

const sseType = 'text/event-stream; charset=utf-8';
const jsonType = 'application/json';

/** The response headers: the request id, its backend, its queueing time and its prediction. */
function responseHeaders(
  request: GatewayRequest,
  slot: BackendSlot,
  type: typeof sseType | typeof jsonType,
): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': type,
    'x-request-id': request.id,
    'x-llmsched-backend': slot.name,
    'x-llmsched-queue-ms': String(
      Math.round(((request.dispatchedAt ?? request.arrival) - request.arrival) * 1000),
    ),
  };
  if (type === sseType) headers['cache-control'] = 'no-cache';
  if (request.predictedSize !== undefined)
    headers['x-llmsched-predicted-tokens'] = String(request.predictedSize);
  return headers;
}

/** A stream that failed after its first byte: the client already got the error event. */
class StreamBroken extends Error {}

function finish(
  ctx: GatewayContext,
  request: GatewayRequest,
  slot: BackendSlot | undefined,
  outcome: Outcome,
  timeline: Timeline,
  input: PredictorInput,
): void {
  const backend = slot?.name ?? 'none';
  const now = ctx.clock.now();
  if (outcome === 'completed') {
    // first/last token times exist for streams only (a non-stream body arrives whole)
    const { firstTokenAt, lastTokenAt, tokens } = timeline;
    ctx.completed.add({
      series: ctx.metrics.series(backend, request.tenant),
      e2e: now - request.arrival,
      ttft: firstTokenAt !== undefined ? firstTokenAt - request.arrival : undefined,
      tpot:
        tokens > 1 && firstTokenAt !== undefined && lastTokenAt !== undefined
          ? (lastTokenAt - firstTokenAt) / (tokens - 1)
          : undefined,
      tokens,
      predicted: request.predictedSize,
      input,
    });
  } else {
    ctx.metrics.requests.inc({ backend, tenant: request.tenant, outcome });
  }
  if (!ctx.logRequests) return;
  ctx.log(
    `request ${request.id} tenant=${request.tenant} backend=${backend} outcome=${outcome} prompt_tokens~${request.promptTokens} output_tokens=${timeline.tokens} ` +
      `queue_ms=${Math.round(((request.dispatchedAt ?? now) - request.arrival) * 1000)} e2e_ms=${Math.round((now - request.arrival) * 1000)}`,
  );
}

export function sendError(
  ctx: GatewayContext,
  res: ServerResponse,
  error: unknown,
  tenant: string,
): void {
  if (error instanceof StreamBroken) return;
  let gatewayError: GatewayError;
  let upstreamBody: string | undefined;
  if (error instanceof GatewayError) gatewayError = error;
  else if (error instanceof SchedulerError) {
    gatewayError = new GatewayError(400, 'invalid_request_error', 'invalid_request', error.message);
  } else if (error instanceof BackendError) {
    upstreamBody = error.upstreamBody;
    gatewayError = new GatewayError(error.status, 'server_error', 'backend_error', error.message);
  } else {
    ctx.log(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    gatewayError = new GatewayError(
      500,
      'server_error',
      'internal_error',
      'internal gateway error',
    );
  }
  if (gatewayError.status === 429 || gatewayError.status === 503) {
    ctx.metrics.rejections.inc({ tenant, reason: gatewayError.code });
  }
  if (res.headersSent) {
    if (!res.writableEnded) res.end();
    return;
  }
  if (res.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (gatewayError.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(gatewayError.retryAfterSeconds);
  res.writeHead(gatewayError.status, headers);
  res.end(upstreamBody ?? gatewayError.body());
}
