/** The simulator backend (a virtual H100 paced in real time; sped up 50x here). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway, until } from '../../test/helpers/start-gateway.js';
import { type SimBackend, simOutputLength } from './backends/sim-backend.js';

let running: RunningGateway;
beforeAll(async () => {
  running = await startGateway({ backends: [{ kind: 'sim', speed: 50, maxConcurrent: 8 }] });
});
afterAll(async () => {
  await running?.gateway.close();
});

const post = (body: Record<string, unknown>, signal?: AbortSignal) =>
  fetch(`${running.url}/v1/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'llmsched-sim', prompt: 'a prompt of some length', ...body }),
    ...(signal ? { signal } : {}),
  });

describe('sim backend', () => {
  it('ignore_eos gives exactly max_tokens; otherwise a per-prompt length capped at max_tokens', async () => {
    const exact = (await (await post({ max_tokens: 40, ignore_eos: true })).json()) as {
      usage: { completion_tokens: number };
      choices: { finish_reason: string }[];
    };
    expect(exact.usage.completion_tokens).toBe(40);
    expect(exact.choices[0]?.finish_reason).toBe('length');
    const free = (await (await post({ max_tokens: 4000 })).json()) as {
      usage: { completion_tokens: number };
    };
    expect(free.usage.completion_tokens).toBe(
      simOutputLength('a prompt of some length', 128, 4000),
    );
  });

  it('a client leaving mid-stream frees the gateway capacity', async () => {
    const controller = new AbortController();
    const response = await post(
      { max_tokens: 2000, ignore_eos: true, stream: true },
      controller.signal,
    );
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await until(() => running.gateway.queue.runningCount === 0, 'capacity to return');
    expect(running.gateway.queue.slots[0]?.running.size).toBe(0);
    // and the simulated engine dropped it (it would otherwise generate its 2000 tokens)
    const sim = running.gateway.queue.slots[0]?.backend as SimBackend;
    await until(() => sim.dropped() === 1, 'the simulated engine to drop the request');
    expect(sim.simulated()).toBe(0);
  });
});
