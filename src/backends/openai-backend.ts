/**
 * A backend for any OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama, ...): the
 * client's body is forwarded as is (plus the engine priority field and, when streaming, usage
 * reporting), over keep-alive HTTP/1.1 connections of an undici `Pool` (one connection per
 * request in flight, up to the backend's `maxConcurrent`; no pipelining: a long stream would hold
 * up the requests queued behind it on its connection). Streams are passed through chunk by chunk;
 * a non-stream request is one buffered exchange (`complete`: a promise, no response stream or
 * async iterator), which `start` also serves as its single 'complete' event.
 *
 * Timeouts: `firstByteTimeoutMs` until the response headers, `idleTimeoutMs` between body chunks
 * (undici's `headersTimeout` and `bodyTimeout`: no timer per request in this module).
 * Errors: connection failures, timeouts before the first chunk and 5xx/429 statuses are
 * `BackendError`s with `beforeFirstByte` (the gateway may retry elsewhere); 4xx bodies are passed
 * through to the client; a stream that breaks after its first chunk ends the request with an error.
 */
import { type Dispatcher, errors, Pool } from 'undici';
import {
  type Backend,
  type BackendCapacity,
  BackendError,
  type BackendEvent,
  type BackendRequest,
  type Completion,
  type FinishReason,
  type Usage,
} from './backend.js';
import { BufferedExchange, type ExchangeOutcome } from './buffered-exchange.js';
import type { CancelSource } from './cancel-source.js';
import { enginePriority, type PriorityField } from './priority-field.js';
import { SseParser } from './sse-parser.js';

export interface OpenAiBackendOptions {
  readonly name: string;
  /** Base URL: `http://host:8000` or `http://host:8000/v1`. */
  readonly url: string;
  readonly apiKey?: string;
  readonly capacity: BackendCapacity;
  readonly models: readonly string[];
  readonly priorityField: PriorityField;
  readonly firstByteTimeoutMs: number;
  readonly idleTimeoutMs: number;
  /** Model name sent upstream instead of the client's (e.g. the served path). */
  readonly upstreamModel?: string;
}

interface ParsedChunk {
  readonly choices?: readonly {
    readonly delta?: { readonly content?: string | null };
    readonly text?: string;
    readonly finish_reason?: string | null;
  }[];
  readonly usage?: Usage | null;
  readonly error?: { readonly message?: string };
}

export function apiBase(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}

export function createOpenAiBackend(options: OpenAiBackendOptions): Backend {
  const base = new URL(apiBase(options.url));
  const prefix = base.pathname;
  const pool = new Pool(base.origin, {
    connections: options.capacity.maxConcurrent > 0 ? options.capacity.maxConcurrent : null,
    pipelining: 1,
    headersTimeout: options.firstByteTimeoutMs,
    bodyTimeout: options.idleTimeoutMs,
  });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
  };
  if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;

  /** The upstream body: the client's, with the upstream model, the engine priority and usage. */
  const upstreamBody = (request: BackendRequest): string => {
    const priority = enginePriority(options.priorityField, request.priority);
    const given = request.body;
    if (
      !request.stream &&
      options.upstreamModel === undefined &&
      !Object.hasOwn(given, 'priority')
    ) {
      // the same text as the copy below, without copying the body: `priority` goes last
      const json = JSON.stringify(given);
      if (priority === undefined) return json;
      return `${json === '{}' ? '{' : `${json.slice(0, -1)},`}"priority":${JSON.stringify(priority)}}`;
    }
    const body: Record<string, unknown> = { ...given };
    if (options.upstreamModel !== undefined) body['model'] = options.upstreamModel;
    if (priority !== undefined) body['priority'] = priority;
    if (request.stream) {
      const streamOptions = body['stream_options'];
      body['stream_options'] = {
        ...(typeof streamOptions === 'object' && streamOptions !== null ? streamOptions : {}),
        include_usage: true,
      };
    }
    return JSON.stringify(body);
  };
  const chatPath = `${prefix}/chat/completions`;
  const completionsPath = `${prefix}/completions`;
  const pathOf = (request: BackendRequest): string =>
    request.kind === 'chat' ? chatPath : completionsPath;
  const failure = (message: string, cause?: unknown, status = 502, beforeFirstByte = true) =>
    new BackendError(`backend ${options.name}: ${message}`, { status, beforeFirstByte, cause });
  /** An upstream status other than 200, with its body (4xx client errors are passed through). */
  const statusFailure = (status: number, text: string): BackendError =>
    status >= 500 || status === 429 || status < 400
      ? failure(`upstream status ${status}`, undefined, status === 429 ? 503 : 502)
      : new BackendError(`backend ${options.name}: upstream status ${status}`, {
          status,
          beforeFirstByte: true,
          upstreamBody: text,
        });
  /** A failure before the response headers (timeouts: 504). */
  const requestFailure = (error: unknown): BackendError =>
    error instanceof errors.HeadersTimeoutError
      ? failure(`no response within ${options.firstByteTimeoutMs} ms`, error, 504)
      : failure(`connection failed: ${(error as Error).message}`, error);

  /** A non-stream answer: its status checked, its usage read (4xx bodies passed through). */
  const completionOf = (status: number, text: string): Completion => {
    if (status !== 200) throw statusFailure(status, text);
    let usage: Usage;
    try {
      usage = (JSON.parse(text) as { usage: Usage }).usage ?? zeroUsage;
    } catch (error) {
      throw failure('upstream sent invalid JSON', error);
    }
    return { json: text, usage };
  };

  /** What a non-stream exchange's end becomes: the completion, or the BackendError to throw. */
  const completionOutcome: ExchangeOutcome<Completion> = {
    complete: completionOf,
    fail(error, status, aborted) {
      if (aborted) throw error;
      if (status === 0) throw requestFailure(error);
      if (status === 200) {
        throw error instanceof errors.BodyTimeoutError
          ? failure(`no data for ${options.idleTimeoutMs} ms`, error, 504)
          : failure('connection closed before the response ended', error);
      }
      return completionOf(status, '');
    },
  };

  /** A non-stream request: one buffered exchange (no response stream), its usage read. */
  function complete(request: BackendRequest, signal: CancelSource): Promise<Completion> {
    const exchange = new BufferedExchange(signal, completionOutcome);
    pool.dispatch(
      { path: pathOf(request), method: 'POST', headers, body: upstreamBody(request) },
      exchange,
    );
    return exchange.response;
  }

  async function* start(
    request: BackendRequest,
    signal: CancelSource,
  ): AsyncGenerator<BackendEvent> {
    if (!request.stream) {
      const { json, usage } = await complete(request, signal);
      yield { type: 'complete', json, usage };
      return;
    }
    let yielded = false;
    let completed = false;
    const fail = (message: string, cause?: unknown, status = 502): BackendError =>
      failure(message, cause, status, !yielded);
    /** An undici error while reading the body, as a BackendError (timeouts: 504). */
    const bodyFailure = (error: unknown, closed: string): BackendError =>
      error instanceof errors.BodyTimeoutError
        ? fail(`no data for ${options.idleTimeoutMs} ms`, error, 504)
        : fail(closed, error);
    let response: Dispatcher.ResponseData;
    try {
      response = await pool.request({
        path: pathOf(request),
        method: 'POST',
        headers,
        body: upstreamBody(request),
        signal,
      });
    } catch (error) {
      if (signal.aborted) throw error;
      throw requestFailure(error);
    }
    const stream = response.body;
    try {
      const status = response.statusCode;
      if (status !== 200) throw statusFailure(status, await stream.text().catch(() => ''));
      const parser = new SseParser();
      let usage: Usage | undefined;
      let finishReason: FinishReason | undefined;
      stream.setEncoding('utf8');
      try {
        for await (const piece of stream as AsyncIterable<string>) {
          for (const data of parser.push(piece)) {
            if (completed) continue; // after [DONE]: read to the end so the connection is reused
            if (data === '[DONE]') {
              completed = true;
              continue;
            }
            let chunk: ParsedChunk;
            try {
              chunk = JSON.parse(data) as ParsedChunk;
            } catch (error) {
              throw fail('upstream sent an invalid stream chunk', error);
            }
            if (chunk.error) throw fail(`upstream error: ${chunk.error.message ?? 'unknown'}`);
            if (chunk.usage) usage = chunk.usage;
            const choices = chunk.choices ?? [];
            if (choices.length === 0 && chunk.usage && !request.includeUsage) continue;
            let tokens = 0;
            for (const choice of choices) {
              const text = choice.delta?.content ?? choice.text;
              if (typeof text === 'string' && text !== '') tokens++;
              if (choice.finish_reason === 'stop' || choice.finish_reason === 'length')
                finishReason = choice.finish_reason;
            }
            yielded = true;
            yield { type: 'chunk', json: data, tokens };
          }
        }
      } catch (error) {
        if (error instanceof BackendError || signal.aborted) throw error;
        if (!completed) throw bodyFailure(error, 'connection closed mid-stream');
      }
      if (completed) {
        yield {
          type: 'end',
          ...(usage ? { usage } : {}),
          ...(finishReason ? { finishReason } : {}),
        };
        return;
      }
      throw fail('stream ended without [DONE]');
    } finally {
      // an unfinished exchange (error, consumer gave up) must not leave the upstream generating:
      // destroying the body closes its connection
      if (!completed && !stream.destroyed) stream.destroy();
    }
  }

  return {
    name: options.name,
    kind: 'openai',
    capacity: options.capacity,
    models: options.models,
    start,
    complete,
    close: () => pool.destroy(),
  };
}

const zeroUsage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
