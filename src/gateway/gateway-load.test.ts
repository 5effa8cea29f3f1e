/**
 * A bounded load loop on loopback: 10,000 requests (half streamed) through the gateway to a fast
 * fake backend whose capacity (32) makes a queue form, with 128 clients and seeded random
 * cancellations (before the response, or while reading it). Every request ends in a completion or
 * an explicit error/cancellation, and all capacity returns to zero. No timing is asserted.
 */
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/helpers/fake-openai-server.js';
import { type RunningGateway, startGateway, until } from '../../test/helpers/start-gateway.js';
import { createRng } from '../core/rng.js';

let server: FakeServer;
let running: RunningGateway;

beforeAll(async () => {
  server = await startFakeServer('ok');
  running = await startGateway({
    policy: 'predicted-cost',
    predictor: 'learned',
    backends: [{ kind: 'openai', url: server.url, maxConcurrent: 32 }],
    queue: { maxRequests: 100_000 },
  });
});
afterAll(async () => {
  await running?.gateway.close();
  await server?.close();
});

describe('gateway load loop', () => {
  it('10,000 requests with random cancellations all end; capacity returns to zero', {
    timeout: 240_000,
  }, async () => {
    const total = 10_000;
    const clients = 128;
    const rng = createRng(42);
    const outcomes = { ok: 0, cancelled: 0, other: 0 };
    let next = 0;
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const target = new URL(`${running.url}/v1/chat/completions`);
    /** One request; resolves with its outcome (node:http: the cheapest client, so the gateway is what is loaded). */
    const one = (i: number): Promise<void> =>
      new Promise((resolve) => {
        const cancel = rng.next() < 0.1;
        const early = rng.next() < 0.5;
        const stream = i % 2 === 0;
        const payload = JSON.stringify({
          model: 'm',
          messages: [{ role: 'user', content: `request ${i % 97}` }],
          max_tokens: 1 + (i % 16),
          stream,
        });
        let settled = false;
        const settle = (outcome: keyof typeof outcomes): void => {
          if (settled) return;
          settled = true;
          outcomes[outcome]++;
          resolve();
        };
        const req = request(
          {
            hostname: target.hostname,
            port: target.port,
            path: target.pathname,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            },
          },
          (response) => {
            if (cancel && !early) {
              req.destroy();
              settle('cancelled');
              return;
            }
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (piece: string) => {
              text += piece;
            });
            response.on('end', () => {
              const complete = stream
                ? text.endsWith('data: [DONE]\n\n')
                : text.includes('"usage"');
              settle(response.statusCode === 200 && complete ? 'ok' : 'other');
            });
            response.on('error', () => settle('other'));
          },
        );
        req.on('error', () => settle(cancel ? 'cancelled' : 'other'));
        req.end(payload);
        if (cancel && early) {
          req.destroy();
          settle('cancelled');
        }
      });
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < total) await one(next++);
      }),
    );
    agent.destroy();
    expect(outcomes.ok + outcomes.cancelled + outcomes.other).toBe(total);
    expect(outcomes.other).toBe(0);
    expect(outcomes.cancelled).toBeGreaterThan(0);
    const queue = running.gateway.queue;
    await until(
      () => queue.runningCount === 0 && queue.waitingCount === 0 && server.open === 0,
      'every request to end',
    );
    expect(queue.slots[0]?.tokensInFlight).toBe(0);
    expect(queue.queuedTokens).toBe(0);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    const count = (outcome: string) =>
      [...metrics.matchAll(new RegExp(`outcome="${outcome}"\\} (\\d+)`, 'g'))].reduce(
        (s, m) => s + Number(m[1]),
        0,
      );
    // every request the gateway admitted ended as completed or cancelled (no errors)
    expect(count('completed')).toBeGreaterThanOrEqual(outcomes.ok);
    expect(count('error')).toBe(0);
    expect(count('completed') + count('cancelled')).toBeLessThanOrEqual(total);
  });
});
