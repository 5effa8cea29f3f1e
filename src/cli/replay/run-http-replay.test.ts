/**
 * The replay load generator: a trace streamed through the gateway, summarised in the simulate
 * summary shape, with deterministic prompts that share text where the trace shares prefix blocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeServer, startFakeServer } from '../../../test/helpers/fake-openai-server.js';
import { type RunningGateway, startGateway } from '../../../test/helpers/start-gateway.js';
import { requestId } from '../../core/ids.js';
import { seconds, tokens } from '../../core/units.js';
import { runSimulation } from '../../sim/run-simulation.js';
import { readTrace } from '../../workloads/read-trace.js';
import { replayPrompt } from './replay-prompt.js';
import { httpFailure, runHttpReplay } from './run-http-replay.js';

let server: FakeServer;
let running: RunningGateway;
beforeAll(async () => {
  server = await startFakeServer('ok');
  running = await startGateway({
    backends: [{ kind: 'openai', url: server.url, maxConcurrent: 4 }],
  });
});
afterAll(async () => {
  await running?.gateway.close();
  await server?.close();
});

describe('replay load generator', () => {
  it('streams a trace through the gateway and summarises it in the simulate summary shape', async () => {
    const requests = readTrace('synthetic:bursty', { seed: 3, rate: 200, requests: 30 });
    const { summary, records } = await runHttpReplay({
      target: running.url,
      model: 'm',
      requests,
      seed: 1,
      label: 'fcfs',
      now: () => performance.now(),
    });
    expect(summary.requests).toBe(30);
    expect(summary.completed).toBe(30);
    // every request got exactly its trace length (the fake honours max_tokens)
    for (const [i, record] of records.entries())
      expect(record.tokenTimes?.length).toBe(records[i]?.outputTokens);
    expect(records.every((r) => r.firstScheduledTime !== undefined)).toBe(true);
    const simulated = runSimulation({ requests, policy: 'fcfs' }).summary;
    expect(Object.keys(summary).sort()).toEqual(Object.keys(simulated).sort());
    expect(server.bodies[0]).toMatchObject({
      stream: true,
      ignore_eos: true,
      stream_options: { include_usage: true },
    });
  });

  it('records a request the server refuses as refused, with its status, code and message', async () => {
    const strict = await startGateway({
      backends: [{ kind: 'openai', url: server.url, maxConcurrent: 4 }],
      maxTokensLimit: 5,
    });
    try {
      const requests = [4, 9, 3, 12].map((output, i) => ({
        id: requestId(`r${i}`),
        arrivalTime: seconds(i * 0.001),
        promptTokens: tokens(8),
        outputTokens: tokens(output),
      }));
      const { summary, records } = await runHttpReplay({
        target: strict.url,
        model: 'm',
        requests,
        seed: 1,
        label: 'fcfs',
        now: () => performance.now(),
      });
      expect(summary.completed).toBe(2);
      expect(records.map((r) => r.error?.kind)).toEqual([
        undefined,
        'refused',
        undefined,
        'refused',
      ]);
      expect(records[1]?.error?.message).toBe(
        'HTTP 400: invalid_request: max_tokens must be at most 5',
      );
    } finally {
      await strict.gateway.close();
    }
  });

  it('classifies HTTP failures: 4xx and 503 refused, other statuses engine failures', () => {
    const body = JSON.stringify({ error: { message: 'queue full', code: 'queue_full' } });
    expect(httpFailure(503, body)).toEqual({
      kind: 'refused',
      message: 'HTTP 503: queue_full: queue full',
    });
    expect(httpFailure(429, '{"error":{"message":"late"}}')).toEqual({
      kind: 'refused',
      message: 'HTTP 429: late',
    });
    expect(httpFailure(502, 'bad gateway')).toEqual({
      kind: 'engine-failure',
      message: 'HTTP 502: bad gateway',
    });
    expect(httpFailure(500, 'x'.repeat(300)).message).toBe(`HTTP 500: ${'x'.repeat(200)}`);
  });

  it('prompts are deterministic and share text where the trace shares prefix blocks', () => {
    const base = { id: 'a', arrivalTime: 0, promptTokens: 40, outputTokens: 1 } as never;
    expect(replayPrompt(base, 1)).toBe(replayPrompt(base, 1));
    expect(replayPrompt(base, 1).split(' ')).toHaveLength(40);
    const shared = (id: string) =>
      replayPrompt(
        {
          id,
          arrivalTime: 0,
          promptTokens: 40,
          outputTokens: 1,
          prefixHashes: ['h1', 'h2'],
        } as never,
        1,
      );
    const a = shared('x').split(' ');
    const b = shared('y').split(' ');
    expect(a.slice(0, 32)).toEqual(b.slice(0, 32));
    expect(a.slice(32)).not.toEqual(b.slice(32));
  });
});
