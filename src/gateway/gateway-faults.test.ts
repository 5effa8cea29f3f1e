/**
 * The gateway against fake OpenAI-compatible backends on loopback: failures, hangs, broken
 * streams, disconnects, admission refusals, tenants, drain, fuzzed bodies. Nothing here asserts a
 * duration; waits poll for states.
 */
import fc from 'fast-check';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/helpers/fake-openai-server.js';
import { type RunningGateway, startGateway, until } from '../../test/helpers/start-gateway.js';
import type { SchedulerState } from './scheduler-state.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
});

async function fake(mode: FakeServer['mode']): Promise<FakeServer> {
  const server = await startFakeServer(mode);
  cleanups.push(() => server.close());
  return server;
}

async function gateway(config: Record<string, unknown>): Promise<RunningGateway> {
  const running = await startGateway(config);
  cleanups.push(() => running.gateway.close());
  return running;
}

const openaiBackend = (server: FakeServer, extra: Record<string, unknown> = {}) => ({
  kind: 'openai',
  url: server.url,
  ...extra,
});

function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

const chat = (extra: Record<string, unknown> = {}) => ({
  model: 'm',
  messages: [{ role: 'user', content: 'hello' }],
  max_tokens: 3,
  ...extra,
});

interface ErrorBody {
  readonly error: { readonly message: string; readonly type: string; readonly code: string };
}
const errorOf = async (response: Response): Promise<ErrorBody['error']> =>
  ((await response.json()) as ErrorBody).error;

function capacityFree(running: RunningGateway): boolean {
  return (
    running.gateway.queue.runningCount === 0 &&
    running.gateway.queue.waitingCount === 0 &&
    running.gateway.queue.slots.every((s) => s.tokensInFlight === 0)
  );
}

describe('gateway faults and limits', () => {
  it('retries on another backend before the first byte; a lone failing backend gives a 502 error body', async () => {
    const bad = await fake('fail');
    const good = await fake('ok');
    const two = await gateway({
      backends: [openaiBackend(bad, { name: 'bad' }), openaiBackend(good, { name: 'good' })],
      router: 'round-robin',
    });
    for (let i = 0; i < 4; i++) {
      const response = await post(two.url, chat());
      expect(response.status).toBe(200);
      expect(response.headers.get('x-llmsched-backend')).toBe('good');
      await response.json();
    }
    expect(two.logs.some((line) => /failed before the first byte/.test(line))).toBe(true);
    const one = await gateway({ backends: [openaiBackend(bad)] });
    const response = await post(one.url, chat());
    expect(response.status).toBe(502);
    expect((await errorOf(response)).type).toBe('server_error');
    expect(capacityFree(one)).toBe(true);
    expect(capacityFree(two)).toBe(true);
  });

  it('a hung backend times out with a 504 and leaks nothing', async () => {
    const hung = await fake('hang');
    const running = await gateway({ backends: [openaiBackend(hung, { firstByteTimeoutMs: 100 })] });
    const response = await post(running.url, chat());
    expect(response.status).toBe(504);
    expect((await errorOf(response)).message).toMatch(/no response within 100 ms/);
    await until(() => hung.open === 0, 'the hung upstream request to close');
    expect(capacityFree(running)).toBe(true);
  });

  it('a stream closed mid-way ends with an OpenAI error event the client raises', async () => {
    const broken = await fake('break');
    const running = await gateway({ backends: [openaiBackend(broken)] });
    const client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'x', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'hello' }],
      max_tokens: 3,
      stream: true,
    });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream as AsyncIterable<{
          choices: { delta: { content?: string } }[];
        }>) {
          seen.push(chunk.choices[0]?.delta.content ?? '');
        }
      })(),
    ).rejects.toThrow(/closed mid-stream/);
    expect(seen).toEqual(['t0', ' t1']);
    await until(() => capacityFree(running), 'capacity to return');
  });

  it('a client that disconnects frees its place, queued or running', async () => {
    const held = await fake('held');
    const running = await gateway({ backends: [openaiBackend(held, { maxConcurrent: 1 })] });
    const first = new AbortController();
    const second = new AbortController();
    const a = post(running.url, chat(), {}, first.signal).catch(() => 'aborted');
    await until(() => running.gateway.queue.runningCount === 1, 'the first request to run');
    const b = post(running.url, chat(), {}, second.signal).catch(() => 'aborted');
    await until(() => running.gateway.queue.waitingCount === 1, 'the second request to queue');
    second.abort();
    expect(await b).toBe('aborted');
    await until(() => running.gateway.queue.waitingCount === 0, 'the queued request to leave');
    first.abort();
    expect(await a).toBe('aborted');
    await until(
      () => capacityFree(running) && held.open === 0,
      'the running request to end upstream',
    );
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    const cancelled = [...metrics.matchAll(/outcome="cancelled"\} (\d+)/g)].reduce(
      (s, m) => s + Number(m[1]),
      0,
    );
    expect(cancelled).toBe(2);
  });

  it('503 with Retry-After when the queue is full; 429 when a TTFT deadline cannot be met', async () => {
    const held = await fake('ok');
    const running = await gateway({
      backends: [openaiBackend(held, { maxConcurrent: 1 })],
      queue: { maxRequests: 2 },
    });
    expect((await post(running.url, chat())).status).toBe(200); // a service time is now known
    held.mode = 'held';
    const a = post(running.url, chat());
    await until(() => running.gateway.queue.runningCount === 1, 'a running');
    const b = post(running.url, chat());
    await until(() => running.gateway.queue.waitingCount === 1, 'b queued');
    const late = await post(running.url, chat(), { 'x-llmsched-ttft-deadline-ms': '0.001' });
    expect(late.status).toBe(429);
    expect(Number(late.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(late)).code).toBe('deadline_unmeetable');
    const c = post(running.url, chat());
    await until(() => running.gateway.queue.waitingCount === 2, 'c queued');
    const full = await post(running.url, chat());
    expect(full.status).toBe(503);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await errorOf(full)).code).toBe('queue_full');
    held.mode = 'ok';
    held.release();
    expect((await c).status).toBe(200);
    held.mode = 'ok';
    held.release();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
    await until(() => capacityFree(running), 'capacity to return');
  });

  it('tenants: a key sees only its own requests; unknown or missing keys are refused', async () => {
    const held = await fake('held');
    const running = await gateway({
      backends: [openaiBackend(held, { maxConcurrent: 1 })],
      tenants: [
        { name: 'alpha', keys: ['alpha-key-1'] },
        { name: 'beta', keys: ['beta-key-12'] },
        { name: 'ops', keys: ['ops-key-123'], admin: true },
      ],
    });
    const auth = (key: string) => ({ authorization: `Bearer ${key}` });
    const a = post(running.url, chat(), auth('alpha-key-1'));
    const b = post(running.url, chat(), auth('beta-key-12'));
    await until(
      () => running.gateway.queue.waitingCount === 1 && running.gateway.queue.runningCount === 1,
      'one running, one queued',
    );
    const state = async (key: string): Promise<SchedulerState> =>
      (await (
        await fetch(`${running.url}/v1/scheduler/state`, { headers: auth(key) })
      ).json()) as SchedulerState;
    const alpha = await state('alpha-key-1');
    const beta = await state('beta-key-12');
    const ops = await state('ops-key-123');
    for (const view of [alpha, beta]) {
      const tenants = [...view.queue, ...view.inFlight].map((r) => r.tenant);
      expect(tenants.length).toBe(1);
    }
    expect([...alpha.queue, ...alpha.inFlight].every((r) => r.tenant === 'alpha')).toBe(true);
    expect([...beta.queue, ...beta.inFlight].every((r) => r.tenant === 'beta')).toBe(true);
    expect([...ops.queue, ...ops.inFlight].map((r) => r.tenant).sort()).toEqual(['alpha', 'beta']);
    expect(
      (await fetch(`${running.url}/v1/scheduler/state`, { headers: auth('wrong-key-00') })).status,
    ).toBe(401);
    const unknown = await post(running.url, chat(), auth('wrong-key-00'));
    expect(unknown.status).toBe(401);
    expect((await errorOf(unknown)).code).toBe('invalid_api_key');
    expect((await post(running.url, chat())).status).toBe(401);
    held.mode = 'ok';
    held.release();
    await until(() => running.gateway.queue.waitingCount === 0, 'b dispatched');
    held.release();
    expect((await a).status).toBe(200);
    expect((await b).status).toBe(200);
  });

  it('priority reaches the engine only as the config allows, in the engine convention', async () => {
    const server = await fake('ok');
    const running = await gateway({
      backends: [openaiBackend(server, { priorityField: 'sglang' })],
      tenants: [
        { name: 'trusted', keys: ['trusted-key'], allowPriority: true, minPriority: -5 },
        { name: 'plain', keys: ['plain-key-1'] },
      ],
    });
    await (
      await post(running.url, chat({ priority: -9 }), { authorization: 'Bearer trusted-key' })
    ).json();
    await (
      await post(running.url, chat({ priority: -9 }), { authorization: 'Bearer plain-key-1' })
    ).json();
    // standard class priority 1; trusted claims -9, clamped to -5; sglang sends higher = earlier
    expect(server.bodies.map((b) => b['priority'])).toEqual([500_000, -100_000]);
  });

  it('drains on close: in-flight requests finish, new ones get 503', async () => {
    const held = await fake('held');
    const running = await startGateway({ backends: [openaiBackend(held)] });
    const inflight = post(running.url, chat());
    await until(() => running.gateway.queue.runningCount === 1, 'the request to run');
    const closed = running.gateway.close();
    const refused = await post(running.url, chat());
    expect(refused.status).toBe(503);
    held.mode = 'ok';
    held.release();
    expect((await inflight).status).toBe(200);
    await closed;
  });

  it('fuzzed bodies never produce a 5xx', async () => {
    const server = await fake('ok');
    const running = await gateway({ backends: [openaiBackend(server)] });
    const anyJson = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          model: fc.oneof(fc.string(), fc.integer(), fc.constant('m')),
          messages: fc.oneof(
            fc.array(
              fc.record({
                role: fc.constantFrom('user', 'system', 'x'),
                content: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
              }),
            ),
            fc.jsonValue(),
          ),
          max_tokens: fc.oneof(fc.integer({ min: -5, max: 100_000 }), fc.double(), fc.string()),
          stream: fc.oneof(fc.boolean(), fc.string()),
          priority: fc.oneof(fc.integer(), fc.double()),
          n: fc.integer({ min: 0, max: 3 }),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        anyJson,
        fc.constantFrom('/v1/chat/completions', '/v1/completions'),
        async (body, path) => {
          const response = await fetch(`${running.url}${path}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          await response.text();
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150, seed: 7 },
    );
    for (const raw of ['{', '', 'null', '[]', '{"__proto__":{"x":1}}', 'x'.repeat(2_000_000)]) {
      const response = await fetch(`${running.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: raw,
      });
      await response.text();
      expect(response.status).toBeLessThan(500);
    }
    expect(capacityFree(running)).toBe(true);
  });
});
