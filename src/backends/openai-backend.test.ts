/**
 * The openai backend's non-stream path (`complete`, and `start` which yields its result as one
 * 'complete' event): the upstream body it sends, the body and usage it returns, and each failure
 * as the same BackendError (status, message, retryable) whichever entry point is used.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestId } from '../core/ids.js';
import { type Backend, BackendError, type BackendRequest, type Completion } from './backend.js';
import { CancelSource } from './cancel-source.js';
import { createOpenAiBackend } from './openai-backend.js';

type Answer = (res: ServerResponse) => void;
let answer: Answer = () => {};
const received: string[] = [];
let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (piece: Buffer) => {
      raw += piece.toString();
    });
    req.on('end', () => {
      received.push(raw);
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const backendAt = (target: string, extra: { upstreamModel?: string } = {}): Backend =>
  createOpenAiBackend({
    name: 'b',
    url: target,
    capacity: { maxConcurrent: 4, maxTokensInFlight: 0 },
    models: [],
    priorityField: 'vllm',
    firstByteTimeoutMs: 300,
    idleTimeoutMs: 300,
    ...extra,
  });

const request = (body: Record<string, unknown>): BackendRequest => ({
  id: requestId('r1'),
  kind: 'chat',
  body,
  model: 'm',
  promptText: 'hi',
  stream: false,
  created: 0,
  includeUsage: false,
  maxTokens: 8,
  priority: 7,
});

const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 8 };
const reply =
  '{"id":"x","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}';

/** `start` read to its 'complete' event. */
async function viaStart(
  backend: Backend,
  req: BackendRequest,
  cancel: CancelSource,
): Promise<Completion> {
  for await (const event of backend.start(req, cancel)) {
    if (event.type === 'complete') return { json: event.json, usage: event.usage };
  }
  throw new Error('no complete event');
}

const complete = (
  backend: Backend,
  req: BackendRequest,
  cancel: CancelSource,
): Promise<Completion> =>
  backend.complete ? backend.complete(req, cancel) : viaStart(backend, req, cancel);

/** The outcome of both entry points: the completion, or the error's visible fields. */
async function both(backend: Backend, req: BackendRequest): Promise<unknown[]> {
  return Promise.all(
    [complete(backend, req, new CancelSource()), viaStart(backend, req, new CancelSource())].map(
      (p) =>
        p.then(
          (c) => c,
          (e: unknown) =>
            e instanceof BackendError
              ? { status: e.status, message: e.message, retryable: e.retryable, up: e.upstreamBody }
              : e,
        ),
    ),
  );
}

describe('openai backend, non-stream', () => {
  it('sends the body with the engine priority last (a client priority replaced in place)', async () => {
    answer = (res) => res.end(reply);
    const backend = backendAt(url);
    received.length = 0;
    const [a, b] = await both(backend, request(body));
    expect(a).toEqual({
      json: reply,
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
    });
    expect(b).toEqual(a);
    expect(received).toEqual([
      JSON.stringify({ ...body, priority: 7 }),
      JSON.stringify({ ...body, priority: 7 }),
    ]);
    received.length = 0;
    await both(backend, request({ priority: 1, ...body }));
    expect(received[0]).toBe(JSON.stringify({ priority: 7, ...body }));
    received.length = 0;
    await both(backendAt(url, { upstreamModel: 'served' }), request(body));
    expect(received[0]).toBe(JSON.stringify({ ...body, model: 'served', priority: 7 }));
    await backend.close();
  });

  it('skips a byte-order mark and reads no usage as zeros', async () => {
    answer = (res) =>
      res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]));
    const backend = backendAt(url);
    const [a, b] = await both(backend, request(body));
    expect(a).toEqual({
      json: '{"a":1}',
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    });
    expect(b).toEqual(a);
    await backend.close();
  });

  it.each([
    [
      'invalid JSON',
      (res: ServerResponse) => res.end('{nope'),
      502,
      'upstream sent invalid JSON',
      true,
    ],
    [
      'a 500',
      (res: ServerResponse) => res.writeHead(500).end('boom'),
      502,
      'upstream status 500',
      true,
    ],
    ['a 429', (res: ServerResponse) => res.writeHead(429).end(), 503, 'upstream status 429', true],
    ['a 204', (res: ServerResponse) => res.writeHead(204).end(), 502, 'upstream status 204', true],
    [
      'a 404 (passed through)',
      (res: ServerResponse) => res.writeHead(404).end('{"e":1}'),
      404,
      'upstream status 404',
      false,
    ],
    ['no headers in time', () => {}, 504, 'no response within 300 ms', true],
    [
      'a body that stops',
      (res: ServerResponse) => res.writeHead(200, { 'content-length': '50' }).write('{'),
      504,
      'no data for 300 ms',
      true,
    ],
    [
      'a connection closed mid-body',
      (res: ServerResponse) => {
        res.writeHead(200, { 'content-length': '50' }).write('{');
        setImmediate(() => res.socket?.destroy());
      },
      502,
      'connection closed before the response ended',
      true,
    ],
  ] as const)(
    '%s: the same BackendError from both entry points',
    async (_name, how, status, message, retryable) => {
      answer = how;
      const backend = backendAt(url);
      const [a, b] = await both(backend, request(body));
      expect(a).toMatchObject({ status, message: `backend b: ${message}`, retryable });
      if (status === 404) expect(a).toMatchObject({ up: '{"e":1}' });
      expect(b).toEqual(a);
      await backend.close();
    },
  );

  it('a refused connection, and a cancelled request', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const refused = backendAt(`http://127.0.0.1:${port}`);
    const [a, b] = await both(refused, request(body));
    expect(a).toMatchObject({ status: 502, retryable: true });
    expect((a as { message: string }).message).toMatch(/^backend b: connection failed: /);
    expect(b).toEqual(a);
    await refused.close();

    answer = () => {};
    const backend = backendAt(url);
    const cancel = new CancelSource();
    const pending = complete(backend, request(body), cancel);
    setTimeout(() => cancel.abort(), 20);
    await expect(pending).rejects.toThrow(/aborted/i);
    expect(cancel.listenerCount('abort')).toBe(0);
    await backend.close();
  });
});
