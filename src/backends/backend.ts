/**
 * What the gateway dispatches to: one serving endpoint (an OpenAI-compatible server, the built-in
 * engine, the engine simulator). A backend turns one admitted request into a stream of events in
 * OpenAI wire format; the gateway owns ordering, capacity and the client connection.
 *
 *   const call = backend.start(request, signal);
 *   for await (const event of call) ...   // 'chunk'* then 'end' (stream), or 'complete' (non-stream)
 *   const { json, usage } = await backend.complete(request, signal); // non-stream, when offered
 *
 * A backend throws `BackendError` (before the first event: `beforeFirstByte` = true, so the gateway
 * may retry on another backend) and stops promptly when `signal` aborts (a `CancelSource`).
 */
import type { RequestId } from '../core/ids.js';
import type { CancelSource } from './cancel-source.js';

export type CompletionKind = 'chat' | 'completion';

export interface Usage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export type FinishReason = 'stop' | 'length';

/** One admitted request as a backend receives it. The body is the client's (validated) JSON. */
export interface BackendRequest {
  readonly id: RequestId;
  readonly kind: CompletionKind;
  readonly body: Readonly<Record<string, unknown>>;
  readonly model: string;
  /** The prompt as text (system + messages), for backends that generate themselves. Never logged. */
  readonly promptText: string;
  readonly stream: boolean;
  /** Unix seconds of the response's `created` field (the gateway's wall clock). */
  readonly created: number;
  /** The client asked for `stream_options.include_usage`. */
  readonly includeUsage: boolean;
  readonly maxTokens: number;
  /** Gateway priority, lower = earlier (vLLM convention); backends map it to their field. */
  readonly priority: number;
  /** Predicted output tokens, when a predictor ran. */
  readonly predictedTokens?: number;
}

export type BackendEvent =
  /** One streamed chunk: its JSON text (an OpenAI chunk object) and the output tokens it carries. */
  | { readonly type: 'chunk'; readonly json: string; readonly tokens: number }
  /** The whole non-stream response body. */
  | { readonly type: 'complete'; readonly json: string; readonly usage: Usage }
  /** End of a stream. */
  | { readonly type: 'end'; readonly usage?: Usage; readonly finishReason?: FinishReason };

export interface BackendCapacity {
  /** Requests in flight at most (0 = no limit). */
  readonly maxConcurrent: number;
  /** Prompt + max_tokens tokens reserved in flight at most (0 = no limit). */
  readonly maxTokensInFlight: number;
}

export interface Backend {
  readonly name: string;
  readonly kind: 'openai' | 'local' | 'sim';
  readonly capacity: BackendCapacity;
  /** Model names it serves (the gateway's /v1/models). */
  readonly models: readonly string[];
  start(request: BackendRequest, signal: CancelSource): AsyncIterable<BackendEvent>;
  /**
   * Optional: a non-stream request's whole response as one promise, the same outcome as the
   * 'complete' event of `start` (and the same errors), without an async iterator per request.
   */
  complete?(request: BackendRequest, signal: CancelSource): Promise<Completion>;
  close(): Promise<void>;
}

/** A non-stream response: the body as the backend sent it, and its usage. */
export interface Completion {
  readonly json: string;
  readonly usage: Usage;
}

/** Why a backend call failed. `status` is the HTTP status to show the client. */
export class BackendError extends Error {
  readonly status: number;
  readonly beforeFirstByte: boolean;
  /** A client error the upstream server returned (4xx): its body is passed through. */
  readonly upstreamBody?: string;
  constructor(
    message: string,
    options: { status: number; beforeFirstByte: boolean; upstreamBody?: string; cause?: unknown },
  ) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    this.name = 'BackendError';
    this.status = options.status;
    this.beforeFirstByte = options.beforeFirstByte;
    if (options.upstreamBody !== undefined) this.upstreamBody = options.upstreamBody;
  }

  /** Worth trying on another backend: nothing reached the client and the fault is the server's. */
  get retryable(): boolean {
    return this.beforeFirstByte && this.upstreamBody === undefined;
  }
}
