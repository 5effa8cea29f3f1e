/**
 * The official `openai` npm client against the gateway on the built-in engine (llama.cpp, the tiny
 * generated model, EOS ignored so lengths obey max_tokens).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningGateway, startGateway } from '../../test/helpers/start-gateway.js';
import { ensureGeneratedModel } from '../engines/gguf/generate-model.js';
import { modelPresets } from '../engines/gguf/model-config.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsched-gw-'));
let running: RunningGateway;
let client: OpenAI;
let modelPath: string;

beforeAll(async () => {
  modelPath = ensureGeneratedModel({
    label: 'tiny',
    shape: modelPresets.tiny,
    seed: 1,
    cacheDir: dir,
  });
  running = await startGateway({
    policy: 'predicted-cost',
    predictor: 'learned',
    backends: [
      {
        kind: 'local',
        modelPath,
        slots: 2,
        contextPerSlot: 256,
        maxBatchedTokens: 128,
        ignoreEos: true,
      },
    ],
  });
  client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
afterAll(async () => {
  await running?.gateway.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('gateway on the built-in engine, official openai client', () => {
  it('non-stream chat completion with usage', async () => {
    const response = await client.chat.completions.create({
      model: 'llmsched-local',
      messages: [{ role: 'user', content: 'Say something short.' }],
      max_tokens: 6,
    });
    expect(response.object).toBe('chat.completion');
    expect(response.choices[0]?.finish_reason).toBe('length');
    expect(typeof response.choices[0]?.message.content).toBe('string');
    expect(response.usage?.completion_tokens).toBe(6);
    expect(response.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('streamed chat completion: role first, content deltas, finish reason, usage chunk', async () => {
    const stream = await client.chat.completions.create({
      model: 'llmsched-local',
      messages: [{ role: 'user', content: 'Count to five.' }],
      max_tokens: 5,
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const finishes = chunks
      .flatMap((c) => c.choices.map((choice) => choice.finish_reason))
      .filter(Boolean);
    expect(finishes).toEqual(['length']);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(5);
    expect(
      chunks.filter((c) => c.choices.length > 0 && c.choices[0]?.finish_reason === null),
    ).toHaveLength(5);
  });

  it('legacy completions, stream and not', async () => {
    const whole = await client.completions.create({
      model: 'llmsched-local',
      prompt: 'Once upon',
      max_tokens: 3,
    });
    expect(whole.object).toBe('text_completion');
    expect(whole.usage?.completion_tokens).toBe(3);
    const stream = await client.completions.create({
      model: 'llmsched-local',
      prompt: 'Once upon',
      max_tokens: 3,
      stream: true,
    });
    let n = 0;
    for await (const chunk of stream) if (chunk.choices[0]?.finish_reason === null) n++;
    expect(n).toBe(3);
  });

  it('SSE framing: every event is one data line and a blank line, ending with [DONE]', async () => {
    const response = await fetch(`${running.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'llmsched-local',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 3,
        stream: true,
      }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-llmsched-predicted-tokens')).toMatch(/^\d+$/);
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text.split('\n\n').filter((e) => e !== '');
    for (const event of events) expect(event).toMatch(/^data: [^\n]+$/);
    for (const event of events.slice(0, -1)) expect(() => JSON.parse(event.slice(6))).not.toThrow();
  });

  it('unknown model: an OpenAI 404 error the client raises as NotFoundError', async () => {
    await expect(
      client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('LLM self-prediction through the built-in engine: the query is sent and counted', async () => {
    const self = await startGateway({
      policy: 'predicted-cost',
      selfPredictBackend: 'engine',
      backends: [
        {
          kind: 'local',
          name: 'engine',
          modelPath,
          slots: 2,
          contextPerSlot: 256,
          maxBatchedTokens: 128,
          ignoreEos: true,
        },
      ],
    });
    try {
      const response = await fetch(`${self.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'llmsched-local',
          messages: [{ role: 'user', content: 'How are you?' }],
          max_tokens: 4,
        }),
      });
      expect(response.status).toBe(200);
      const predicted = Number(response.headers.get('x-llmsched-predicted-tokens'));
      expect(predicted).toBeGreaterThanOrEqual(1);
      expect(predicted).toBeLessThanOrEqual(4);
      await response.json();
      expect(self.gateway.predictionCost.queries).toBe(1);
      const metrics = await (await fetch(`${self.url}/metrics`)).text();
      expect(metrics).toMatch(/llmsched_self_predictions_total 1/);
    } finally {
      await self.gateway.close();
    }
  });

  it('lists models, and the learned predictor saw the completions', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['llmsched-local']);
    const metrics = await (await fetch(`${running.url}/metrics`)).text();
    expect(metrics).toMatch(
      /llmsched_requests_total\{backend="local-0",tenant="default",outcome="completed"\} [1-9]/,
    );
    expect(metrics).toMatch(/llmsched_predicted_output_tokens_count\{backend="local-0"\} [1-9]/);
    expect(running.gateway.queue.runningCount).toBe(0);
  });
});
