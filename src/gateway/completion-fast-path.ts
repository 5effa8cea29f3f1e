/**
 * The completion routes' common case served in front of Fastify's router, on Fastify's own HTTP
 * server: a `POST /v1/chat/completions` or `/v1/completions` (exact path) with `content-type:
 * application/json` and a `content-length` of 1 to `bodyLimit` bytes is read and parsed here, with
 * Fastify's own JSON parser (`app.getDefaultJsonParser`: the same prototype-poisoning checks) and
 * the same reading rules as Fastify's body reader, and goes straight to the completion handler:
 * no routing, Fastify request and reply objects, hook chain, content-type lookup or async
 * handler per request. Everything else (other paths, methods, content types, chunked or empty
 * bodies, a body over the limit, and every request once Fastify closes, for its 503) goes to
 * Fastify's handler untouched. A body that fails to parse or to arrive whole gets what Fastify's
 * error path sends: the app's error handler's status and body with `connection: close`.
 *
 * @example
 * installCompletionFastPath(app, { bodyLimit, handle, refuse, closing: () => closing });
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { CompletionKind } from '../backends/backend.js';

export interface CompletionFastPathOptions {
  /** Fastify's `bodyLimit` (bytes). */
  readonly bodyLimit: number;
  /** The completion handler (it answers every request itself, errors included). */
  readonly handle: (
    kind: CompletionKind,
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
  ) => Promise<void>;
  /** The app's error handler as a function: status and body for a Fastify error. */
  readonly refuse: (error: Error) => { readonly status: number; readonly body: string };
  /** True once the app closes: every request then goes through Fastify. */
  readonly closing: () => boolean;
  /** An error the handler let escape (it should not), as Fastify would log it. */
  readonly log: (line: string) => void;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * The kind of an exact path served here. Compared as strings, not looked up as keys of an object:
 * a property lookup by a string that is not internalized (every request's url) searches V8's
 * string table first.
 */
const kindOf = (url: string | undefined): CompletionKind | undefined =>
  url === '/v1/chat/completions' ? 'chat' : url === '/v1/completions' ? 'completion' : undefined;

/**
 * Puts the fast path in front of Fastify's request listener on `app.server` (the main server;
 * extra servers Fastify binds for a host name with several addresses keep the plain Fastify path).
 * Returns false, changing nothing, when the server does not have exactly one request listener.
 */
export function installCompletionFastPath(
  app: FastifyInstance,
  options: CompletionFastPathOptions,
): boolean {
  const server = app.server;
  const listeners = server.listeners('request') as Listener[];
  const fastify = listeners[0];
  if (listeners.length !== 1 || fastify === undefined) return false;
  const config = app.initialConfig;
  const parseJson = app.getDefaultJsonParser(
    config.onProtoPoisoning ?? 'error',
    config.onConstructorPoisoning ?? 'error',
  );
  const { bodyLimit, handle, refuse, closing, log } = options;
  const onEscaped = (error: unknown): void => {
    log(
      `internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  };
  /** Fastify's answer to a body error: its error handler's reply, and the connection closes. */
  const fail = (res: ServerResponse, error: Error): void => {
    if (res.destroyed || res.headersSent) return;
    const { status, body } = refuse(error);
    res.writeHead(status, {
      connection: 'close',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  };
  // the parser calls back synchronously: one result slot, no closure per request
  let parsedError: Error | null = null;
  let parsedValue: unknown;
  const done = (error: Error | null, value?: unknown): void => {
    parsedError = error;
    parsedValue = value;
  };
  const read = (
    kind: CompletionKind,
    req: IncomingMessage,
    res: ServerResponse,
    length: number,
  ) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      chunks.push(chunk);
    };
    const onEnd = (error?: Error): void => {
      // after 'end' no 'data' or 'end' can come: only 'error' is removed (node emits an error on
      // a request whose client leaves only to 'error' listeners)
      req.removeListener('error', onEnd);
      if (error != null) {
        req.removeListener('data', onData);
        req.removeListener('end', onEnd);
        const status = (error as { statusCode?: unknown }).statusCode;
        if (!(typeof status === 'number' && status >= 400))
          (error as { statusCode?: number }).statusCode = 400;
        fail(res, error);
        return;
      }
      if (received !== length) {
        fail(res, new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
        return;
      }
      const text =
        chunks.length === 1
          ? (chunks[0] as Buffer).toString('utf8')
          : Buffer.concat(chunks, received).toString('utf8');
      parseJson(undefined as unknown as FastifyRequest, text, done);
      const parseError = parsedError;
      const body = parsedValue;
      parsedError = null;
      parsedValue = undefined;
      if (parseError !== null) {
        fail(res, parseError);
        return;
      }
      handle(kind, req, res, body).catch(onEscaped);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onEnd);
  };
  server.removeListener('request', fastify);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const kind = req.method === 'POST' ? kindOf(req.url) : undefined;
    if (kind === undefined || closing()) return fastify(req, res);
    const headers = req.headers;
    const declared = headers['content-length'];
    if (
      headers['content-type'] !== 'application/json' ||
      declared === undefined ||
      headers['transfer-encoding'] !== undefined
    )
      return fastify(req, res);
    const length = Number(declared);
    if (!(length > 0 && length <= bodyLimit)) return fastify(req, res);
    read(kind, req, res, length);
  });
  return true;
}
