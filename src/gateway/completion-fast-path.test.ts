/**
 * The completion fast path (completion-fast-path.ts) answers exactly as Fastify's path: each raw
 * request is sent once as the fast path takes it (`content-type: application/json`) and once as
 * only Fastify takes it (`application/json; charset=utf-8`, the same parser), and the two raw
 * HTTP answers must be byte-identical (Date and request ids masked). Also: a body split over
 * several TCP writes, and a keep-alive connection that carries several requests.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../test/helpers/fake-openai-server.js';
import { type RunningGateway, startGateway } from '../../test/helpers/start-gateway.js';

let fake: FakeServer;
let running: RunningGateway;

beforeAll(async () => {
  fake = await startFakeServer('ok', { keepBodies: false });
  running = await startGateway({
    backends: [{ kind: 'openai', url: fake.url, maxConcurrent: 8 }],
    maxBodyBytes: 4096,
  });
});

afterAll(async () => {
  await running.gateway.close();
  await fake.close();
});

/** Writes `pieces` on one connection (a pause between them), returns everything read until close. */
function exchange(pieces: readonly string[]): Promise<string> {
  const { port } = new URL(running.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      out += data;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(out));
    const write = (i: number): void => {
      if (i === pieces.length) {
        setTimeout(() => socket.end(), 150);
        return;
      }
      socket.write(pieces[i] as string);
      setTimeout(() => write(i + 1), 20);
    };
    write(0);
  });
}

const masked = (raw: string): string =>
  raw
    .replace(/Date: [^\r]*/g, 'Date: -')
    .replace(/x-request-id: [^\r]*/g, 'x-request-id: -')
    .replace(/x-llmsched-queue-ms: [^\r]*/g, 'x-llmsched-queue-ms: -')
    .replace(/"id":"[^"]*"/g, '"id":"-"');

function request(body: string, type: string, path = '/v1/chat/completions'): string {
  return `POST ${path} HTTP/1.1\r\nHost: x\r\ncontent-type: ${type}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const fastType = 'application/json';
const fastifyType = 'application/json; charset=utf-8';
const chat = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hi' }],
  max_tokens: 3,
});

describe('completion fast path', () => {
  it.each([
    ['invalid JSON', '{bad'],
    ['prototype poisoning', '{"__proto__":{"x":1},"model":"m"}'],
    ['constructor poisoning', '{"constructor":{"prototype":{"x":1}},"model":"m"}'],
    ['an array', '[1]'],
    ['null', 'null'],
    ['a byte-order mark', `\ufeff${chat}`],
    ['an invalid body', '{"model":"m","messages":[]}'],
    ['a valid body', chat],
    ['a body over the limit', JSON.stringify({ model: 'm', prompt: 'x'.repeat(5000) })],
  ])('answers %s exactly as Fastify does', async (_what, body) => {
    const fast = await exchange([request(body, fastType)]);
    const slow = await exchange([request(body, fastifyType)]);
    expect(fast).toMatch(/^HTTP\/1\.1 \d{3} /);
    expect(masked(fast)).toBe(masked(slow));
  });

  it('reads a body split over several writes, and several requests on one connection', async () => {
    const whole = request(chat, fastType);
    const cut = whole.length - 20;
    const raw = await exchange([whole.slice(0, cut), whole.slice(cut), whole, whole]);
    expect(raw.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(3);
  });

  it('answers a body cut short of its content-length as Fastify does', async () => {
    const whole = request(chat, fastType);
    const fast = await exchange([whole.slice(0, -5)]);
    const slow = await exchange([request(chat, fastifyType).slice(0, -5)]);
    expect(masked(fast)).toBe(masked(slow));
  });
});
