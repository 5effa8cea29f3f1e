/**
 * A backend for any OpenAI-compatible server (vLLM, SGLang, llama.cpp server, Ollama, ...): the
 * client's body is forwarded as is (plus the engine priority field and, when streaming, usage
 * reporting), over keep-alive HTTP/1.1. Streams are passed through chunk by chunk.
 *
 * Timeouts: `firstByteTimeoutMs` until the response headers, `idleTimeoutMs` between body chunks.
 * Errors: connection failures, timeouts before the first chunk and 5xx/429 statuses are
 * `BackendError`s with `beforeFirstByte` (the gateway may retry elsewhere); 4xx bodies are passed
 * through to the client; a stream that breaks after its first chunk ends the request with an error.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type Backend,
  type BackendCapacity,
  BackendError,
  type BackendEvent,
  type BackendRequest,
  type FinishReason,
  type Usage,
} from './backend.js';
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
  const secure = base.protocol === 'https:';
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, maxSockets: 1024 })
    : new HttpAgent({ keepAlive: true, maxSockets: 1024 });
  const send = secure ? httpsRequest : httpRequest;

  function post(path: string, payload: string, signal: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload)),
        accept: 'application/json, text/event-stream',
      };
      if (options.apiKey) headers['authorization'] = `Bearer ${options.apiKey}`;
      const req = send(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: `${base.pathname}${path}`,
          method: 'POST',
          headers,
          agent,
          signal,
        },
        resolve,
      );
      req.on('error', reject);
      req.setNoDelay(true);
      req.end(payload);
    });
  }

  async function* start(
    request: BackendRequest,
    signal: AbortSignal,
  ): AsyncGenerator<BackendEvent> {
    const body: Record<string, unknown> = { ...request.body };
    if (options.upstreamModel !== undefined) body['model'] = options.upstreamModel;
    const priority = enginePriority(options.priorityField, request.priority);
    if (priority !== undefined) body['priority'] = priority;
    if (request.stream) {
      const given = body['stream_options'];
      body['stream_options'] = {
        ...(typeof given === 'object' && given !== null ? given : {}),
        include_usage: true,
      };
    }
    const path = request.kind === 'chat' ? '/chat/completions' : '/completions';
    const local = new AbortController();
    const abort = (): void => local.abort();
    signal.addEventListener('abort', abort, { once: true });
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = true;
        local.abort();
      }, ms);
    };
    let yielded = false;
    let completed = false;
    const fail = (message: string, cause?: unknown, status = 502): BackendError =>
      new BackendError(`backend ${options.name}: ${message}`, {
        status,
        beforeFirstByte: !yielded,
        cause,
      });
    try {
      arm(options.firstByteTimeoutMs);
      let response: IncomingMessage;
      try {
        response = await post(path, JSON.stringify(body), local.signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw timedOut
          ? fail(`no response within ${options.firstByteTimeoutMs} ms`, error, 504)
          : fail(`connection failed: ${(error as Error).message}`, error);
      }
      arm(options.idleTimeoutMs);
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        const text = await readAll(response, () => arm(options.idleTimeoutMs)).catch(() => '');
        if (status >= 500 || status === 429 || status < 400) {
          throw fail(`upstream status ${status}`, undefined, status === 429 ? 503 : 502);
        }
        throw new BackendError(`backend ${options.name}: upstream status ${status}`, {
          status,
          beforeFirstByte: true,
          upstreamBody: text,
        });
      }
      if (!request.stream) {
        let text: string;
        try {
          text = await readAll(response, () => arm(options.idleTimeoutMs));
        } catch (error) {
          if (signal.aborted) throw error;
          throw timedOut
            ? fail(`no data for ${options.idleTimeoutMs} ms`, error, 504)
            : fail('connection closed before the response ended', error);
        }
        let usage: Usage;
        try {
          usage = (JSON.parse(text) as { usage: Usage }).usage ?? zeroUsage;
        } catch (error) {
          throw fail('upstream sent invalid JSON', error);
        }
        completed = true;
        yield { type: 'complete', json: text, usage };
        return;
      }
      const parser = new SseParser();
      let usage: Usage | undefined;
      let finishReason: FinishReason | undefined;
      response.setEncoding('utf8');
      try {
        for await (const piece of response as AsyncIterable<string>) {
          arm(options.idleTimeoutMs);
          for (const data of parser.push(piece)) {
            if (completed) continue; // after [DONE]: read to the end so the socket is reused
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
        if (!completed)
          throw timedOut
            ? fail(`no data for ${options.idleTimeoutMs} ms`, error, 504)
            : fail('connection closed mid-stream', error);
      }
      if (completed) {
        yield {
          type: 'end',
          ...(usage ? { usage } : {}),
          ...(finishReason ? { finishReason } : {}),
        };
        return;
      }
      if (timedOut) throw fail(`no data for ${options.idleTimeoutMs} ms`, undefined, 504);
      throw fail('stream ended without [DONE]');
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      // an unfinished exchange (error, consumer gave up) must not leave the upstream generating
      if (!completed && !local.signal.aborted) local.abort();
    }
  }

  return {
    name: options.name,
    kind: 'openai',
    capacity: options.capacity,
    models: options.models,
    start,
    close: async () => agent.destroy(),
  };
}

const zeroUsage: Usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };

async function readAll(response: IncomingMessage, onData: () => void): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const piece of response as AsyncIterable<string>) {
    onData();
    text += piece;
  }
  if (!response.complete) throw new Error('response ended early');
  return text;
}
