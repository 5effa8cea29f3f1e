/**
 * A fast fake OpenAI-compatible server on loopback, for gateway tests and the overhead benchmark.
 * It answers /v1/chat/completions and /v1/completions with `max_tokens` tokens ("t0 t1 ..."),
 * streamed or not, with no model behind it. Behaviours for fault tests:
 *
 *   ok          answer at once
 *   fail        HTTP 500 before any byte
 *   hang        accept the request and never answer
 *   break       stream two chunks, then destroy the socket (closed mid-stream)
 *   held        wait until `release()` (deterministic control of "running" requests)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeMode = 'ok' | 'fail' | 'hang' | 'break' | 'held';

export interface FakeServerOptions {
  /**
   * Keep every body received in `bodies` (default true, for tests). The overhead benchmark turns
   * it off: a million retained bodies grow the server's heap by hundreds of MB over a run, and its
   * garbage collection then competes with the targets being measured.
   */
  readonly keepBodies?: boolean;
  /**
   * Called after each answer in mode `ok` with the body and two `process.hrtime.bigint()` stamps
   * (request received, answer written): the overhead benchmark's per-hop split. hrtime is the
   * system's monotonic clock, so it compares across processes on one machine.
   */
  readonly onAnswered?: (
    body: Record<string, unknown>,
    receivedNs: bigint,
    answeredNs: bigint,
  ) => void;
}

export interface FakeServer {
  readonly url: string;
  mode: FakeMode;
  /** Bodies received, in order (empty with `keepBodies: false`). */
  readonly bodies: Record<string, unknown>[];
  /** Requests currently open (not yet answered or closed). */
  readonly open: number;
  /** Answers every held request. */
  release(): void;
  close(): Promise<void>;
}

function chunk(id: string, kind: string, text: string, finish: string | null): string {
  const choice =
    kind === 'chat'
      ? `{"index":0,"delta":{"content":${JSON.stringify(text)}},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}`
      : `{"index":0,"text":${JSON.stringify(text)},"finish_reason":${finish === null ? 'null' : `"${finish}"`}}`;
  return `data: {"id":"${id}","object":"${kind === 'chat' ? 'chat.completion.chunk' : 'text_completion'}","created":0,"model":"fake","choices":[${choice}]}\n\n`;
}

export async function startFakeServer(
  mode: FakeMode = 'ok',
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const keepBodies = options.keepBodies ?? true;
  const held: (() => void)[] = [];
  let open = 0;
  let counter = 0;
  const bodies: Record<string, unknown>[] = [];
  const state = { mode };

  const answer = (body: Record<string, unknown>, kind: string, res: ServerResponse): void => {
    const n = typeof body['max_tokens'] === 'number' ? body['max_tokens'] : 4;
    const id = `fake-${counter++}`;
    const usage = { prompt_tokens: 3, completion_tokens: n, total_tokens: n + 3 };
    if (body['stream'] === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let out = '';
      for (let i = 0; i < n; i++) out += chunk(id, kind, `${i === 0 ? '' : ' '}t${i}`, null);
      out += chunk(id, kind, '', 'length');
      out += `data: {"id":"${id}","object":"chat.completion.chunk","created":0,"model":"fake","choices":[],"usage":${JSON.stringify(usage)}}\n\n`;
      res.end(`${out}data: [DONE]\n\n`);
      return;
    }
    const text = Array.from({ length: n }, (_, i) => `t${i}`).join(' ');
    const choice =
      kind === 'chat'
        ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: 'length' }
        : { index: 0, text, finish_reason: 'length' };
    const json = JSON.stringify({
      id,
      object: kind === 'chat' ? 'chat.completion' : 'text_completion',
      created: 0,
      model: 'fake',
      choices: [choice],
      usage,
    });
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(json),
    });
    res.end(json);
  };

  const onAnswered = options.onAnswered;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const receivedNs = onAnswered ? process.hrtime.bigint() : 0n;
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (piece: string) => {
      raw += piece;
    });
    req.on('end', () => {
      open++;
      res.on('close', () => {
        open--;
      });
      const kind = req.url?.endsWith('/chat/completions') ? 'chat' : 'completion';
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        res.writeHead(400).end('{"error":{"message":"bad json"}}');
        return;
      }
      if (keepBodies) bodies.push(body);
      switch (state.mode) {
        case 'ok':
          answer(body, kind, res);
          onAnswered?.(body, receivedNs, process.hrtime.bigint());
          return;
        case 'fail':
          res
            .writeHead(500, { 'content-type': 'application/json' })
            .end('{"error":{"message":"boom"}}');
          return;
        case 'hang':
          return;
        case 'break':
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk('b', kind, 't0', null) + chunk('b', kind, ' t1', null));
          setImmediate(() => res.socket?.destroy());
          return;
        case 'held':
          held.push(() => answer(body, kind, res));
          return;
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get mode() {
      return state.mode;
    },
    set mode(value: FakeMode) {
      state.mode = value;
    },
    bodies,
    get open() {
      return open;
    },
    release() {
      for (const go of held.splice(0)) go();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
