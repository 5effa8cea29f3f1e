/**
 * Self-prediction: the shared-prefix query, parsing, online calibration and cost accounting,
 * fallbacks, and the OpenAI-compatible completion client.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../core/clock.js';
import { SchedulerError } from '../../core/errors.js';
import type { CompletionClient } from '../completion-client.js';
import { createOpenAICompletionClient } from '../openai-completion-client.js';
import { createSelfPredictor } from './self-predictor.js';

/** A fake model that answers half the true length (tokenizer-unaware), as text. */
function fakeClient(answers: Map<string, string>): CompletionClient & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    prompts,
    complete: async (prompt) => {
      prompts.push(prompt);
      const key = [...answers.keys()].find((k) => prompt.startsWith(k));
      if (key === 'explode') throw new Error('backend down');
      return {
        text: answers.get(key ?? '') ?? 'no idea',
        promptTokens: 10,
        completionTokens: 3,
        seconds: 0.05,
      };
    },
  };
}

describe('self-prediction', () => {
  it('asks through the same prefix, parses, calibrates online and accounts the cost', async () => {
    const answers = new Map<string, string>();
    for (let i = 0; i < 20; i++) answers.set(`question ${i}?`, `About ${(i + 1) * 10} tokens`);
    const client = fakeClient(answers);
    const self = createSelfPredictor({ source: { kind: 'client', client }, maxTokens: 512 });
    for (let i = 0; i < 20; i++) {
      const request = { id: `r${i}`, prompt: `question ${i}?`, promptTokens: 4 };
      await self.prepare(request);
      self.observe(request, (i + 1) * 20); // the truth is twice the answer
    }
    expect(client.prompts[0]?.startsWith('question 0?\n\nDo not answer the above question.')).toBe(
      true,
    );
    expect(client.prompts[0]).toContain('maximum response length is 512 tokens');
    const request = { id: 'new', prompt: 'question 7?', promptTokens: 4 };
    await self.prepare(request);
    const prediction = self.predict(request);
    expect(prediction.costSeconds).toBe(0.05);
    // answer 80 -> calibrated to ~160
    expect(prediction.quantiles[4]).toBeGreaterThan(120);
    expect(prediction.quantiles[4]).toBeLessThan(210);
    expect(self.stats()['queries']).toBe(21);
  });

  it('falls back without throwing when the reply has no number, the client fails or prepare was skipped', async () => {
    const client = fakeClient(
      new Map([
        ['explode', ''],
        ['vague', 'hard to say'],
      ]),
    );
    const self = createSelfPredictor({ source: { kind: 'client', client } });
    await expect(
      self.prepare({ id: 'a', prompt: 'explode now', promptTokens: 2 }),
    ).resolves.toBeUndefined();
    await self.prepare({ id: 'b', prompt: 'vague question', promptTokens: 2 });
    for (const id of ['a', 'b', 'c'])
      expect(self.predict({ id, promptTokens: 2 }).mean).toBeGreaterThan(0);
    expect(self.stats()).toMatchObject({ clientErrors: 1, unparsable: 1, fallbacks: 3 });
  });

  it('simulated self:SIGMA answers from the truth with noise and a cost', () => {
    const self = createSelfPredictor({
      source: { kind: 'simulated', sigma: 0, seed: 1, secondsPerQuery: 0.02 },
    });
    for (let i = 1; i <= 50; i++)
      self.observe({ id: `t${i}`, promptTokens: 3, outputTokens: i * 10 }, i * 10);
    const prediction = self.predict({ id: 'x', promptTokens: 3, outputTokens: 300 });
    expect(prediction.costSeconds).toBe(0.02);
    expect(prediction.quantiles[4]).toBeGreaterThan(200);
    expect(prediction.quantiles[4]).toBeLessThan(400);
  });
});

describe('OpenAI-compatible completion client against a local server', () => {
  let server: Server;
  let baseUrl = '';
  const bodies: unknown[] = [];
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on('end', () => {
        const parsed = JSON.parse(body) as { messages: { content: string }[] };
        bodies.push(parsed);
        if (parsed.messages.at(-1)?.content.startsWith('fail')) {
          response.writeHead(503).end('busy');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            choices: [{ message: { role: 'assistant', content: '120' } }],
            usage: { prompt_tokens: 42, completion_tokens: 2 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends a chat completion and returns text, usage and seconds', async () => {
    const client = createOpenAICompletionClient({
      baseUrl,
      model: 'tiny',
      clock: new VirtualClock(),
    });
    const result = await client.complete('How long?', {
      maxTokens: 8,
      temperature: 0,
      system: 'be brief',
    });
    expect(result).toEqual({ text: '120', promptTokens: 42, completionTokens: 2, seconds: 0 });
    expect(bodies.at(-1)).toMatchObject({
      model: 'tiny',
      max_tokens: 8,
      temperature: 0,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'How long?' },
      ],
    });
  });

  it('maps HTTP errors to retryable SchedulerErrors and drives the self predictor end to end', async () => {
    const client = createOpenAICompletionClient({
      baseUrl: `${baseUrl}/v1`,
      model: 'tiny',
      clock: new VirtualClock(),
    });
    const error = await client
      .complete('fail please', { maxTokens: 8, temperature: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).retryable).toBe(true);
    const self = createSelfPredictor({ source: { kind: 'client', client } });
    const request = { id: 'h1', prompt: 'Tell me a story', promptTokens: 5 };
    await self.prepare(request);
    expect(self.predict(request).quantiles[4]).toBeGreaterThan(90);
    expect(self.predict(request).quantiles[4]).toBeLessThan(160);
  });
});
