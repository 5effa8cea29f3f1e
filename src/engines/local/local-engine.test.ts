/** Real llama.cpp end-to-end tests on the tiny generated model (a few seconds in all). */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { requestId } from '../../core/ids.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import type { LengthPredictor } from '../../predictors/predictor.js';
import { SystemClock } from '../system-clock.js';
import { openModel } from './llama-runtime.js';
import { LocalEngine, type LocalEngineOptions } from './local-engine.js';
import { useTinyModel } from './tiny-model.test-helper.js';

const tiny = useTinyModel('llmsched-engine-');

function engine(policy: string, options: Partial<LocalEngineOptions> = {}): Promise<LocalEngine> {
  return LocalEngine.create({
    model: tiny.model,
    facts: tiny.facts,
    policy: resolveBatchPolicy(policy),
    clock: new SystemClock(),
    slots: 1,
    contextPerSlot: 256,
    maxBatchedTokens: 128,
    ignoreEos: true,
    ...options,
  });
}

const req = (e: LocalEngine, id: string, tokens: number, text = 'the request is here') => ({
  id: requestId(id),
  prompt: e.tokenize(text),
  maxTokens: tokens,
  size: tokens,
  predictedSize: tokens,
});

describe('LocalEngine on a generated GGUF', () => {
  it('generates max_tokens tokens, streamed, one llama_decode per step', async () => {
    const e = await engine('vllm-fcfs');
    const handle = e.submit(req(e, 'a', 12));
    const streamed: number[] = [];
    for await (const event of handle.tokens) streamed.push(event.token);
    const result = await handle.result;
    expect(result.record.finishReason).toBe('length');
    expect(result.tokens).toEqual(streamed);
    expect(streamed).toHaveLength(12);
    expect(e.stats.decodes).toBe(e.stats.steps);
    await e.close();
  });

  it("is deterministic (greedy): a request's output does not depend on its batch neighbours; one llama_decode per step", async () => {
    // prompts of different lengths: llama.cpp reorders the prefill batch's outputs, and the
    // samplings of one batch must not race on that reorder (sampling-gate.ts)
    const texts = [
      'the request is here and it is long',
      'hello world',
      'a third one, longer',
      'four',
    ];
    const serve = async (batch: readonly string[], slots: number): Promise<number[][]> => {
      const e = await engine('vllm-fcfs', { slots });
      const handles = batch.map((text, i) => e.submit(req(e, `r${i}`, 8, text)));
      const results = await Promise.all(handles.map((h) => h.result));
      expect(e.stats.decodes).toBe(e.stats.steps);
      await e.close();
      return results.map((r) => [...r.tokens]);
    };
    const alone: number[][] = [];
    for (const text of texts) alone.push(...(await serve([text], 1)));
    for (let run = 0; run < 3; run++) expect(await serve(texts, 4)).toEqual(alone);
  });

  it.each([
    ['spjf', ['short', 'long']],
    ['vllm-fcfs', ['long', 'short']],
  ])('with one slot, %s finishes in order %j', async (policy, expected) => {
    const e = await engine(policy, { oracle: true, predictor: 'per-request' });
    const finished: string[] = [];
    const long = e.submit(req(e, 'long', 40));
    const short = e.submit(req(e, 'short', 4));
    await Promise.all([long, short].map((h) => h.result.then((r) => finished.push(r.record.id))));
    expect(finished).toEqual(expected);
    await e.close();
  });

  it('cancellation ends the request and frees its slot for the next one', async () => {
    const e = await engine('vllm-fcfs');
    const abort = new AbortController();
    const long = e.submit(req(e, 'long', 200), {
      signal: abort.signal,
      onToken: (t) => {
        if (t.index === 2) abort.abort();
      },
    });
    const next = e.submit(req(e, 'next', 5));
    const cancelled = await long.result;
    expect(cancelled.record.finishReason).toBe('cancelled');
    expect(cancelled.error?.code).toBe('CANCELLED');
    expect(cancelled.tokens.length).toBeLessThan(10);
    expect((await next.result).record.finishReason).toBe('length');
    expect(e.freeSlots).toBe(1);
    await e.close();
  });

  it('a failing request ends with ENGINE_FAILURE and the others are served', async () => {
    const e = await engine('vllm-fcfs', { slots: 2 });
    const bad = e.submit({ ...req(e, 'bad', 5), prompt: [1, 10_000_000] });
    const good = e.submit(req(e, 'good', 5));
    const [b, g] = await Promise.all([bad.result, good.result]);
    expect(b.record.finishReason).toBe('error');
    expect(b.error?.code).toBe('ENGINE_FAILURE');
    expect(g.record.finishReason).toBe('length');
    expect(g.tokens).toHaveLength(5);
    await e.close();
  });

  it('rejects a prompt longer than the context with its length and the limit', async () => {
    const e = await engine('vllm-fcfs');
    const prompt = Array.from({ length: 300 }, () => 300);
    expect(() => e.submit({ ...req(e, 'big', 5), prompt })).toThrowError(/300 tokens.*at most 255/);
    await e.close();
  });

  it.each([
    ['sprpt', {}, /policy 'sprpt' needs 'predictedSize'.*local engine.*--predictor/],
    ['gittins', { predictor: 'per-request' as const }, /'gittins' needs 'sizeDistribution'/],
    ['sjf', {}, /'sjf' needs 'size'.*oracle/],
  ])('refuses %s at creation when it lacks a field', async (policy, options, message) => {
    const error = await engine(policy, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe('CONFIG_INVALID');
    expect((error as Error).message).toMatch(message);
  });

  it('teaches its predictor each completed request (observe), not cancelled ones', async () => {
    const observed: [string, number][] = [];
    const predictor: LengthPredictor = {
      name: 'recording',
      predict: () => ({ mean: 5, quantiles: [5, 5, 5, 5, 5, 5, 5, 5, 5], costSeconds: 0 }),
      observe: (input, actual) => {
        observed.push([input.id, actual]);
      },
      remaining: (_input, generated) => Math.max(0, 5 - generated),
      stats: () => ({}),
    };
    const e = await engine('spjf', { predictor, slots: 2 });
    const cancel = new AbortController();
    const done = e.submit(req(e, 'done', 6));
    const gone = e.submit(req(e, 'gone', 50), { signal: cancel.signal });
    cancel.abort();
    await Promise.all([done.result, gone.result]);
    expect(observed).toEqual([['done', 6]]);
    await e.close();
  });

  it('refuses swap preemption at creation (llama.cpp sequences are not swapped)', async () => {
    const error = await engine('vllm-fcfs', {
      policy: resolveBatchPolicy('vllm-fcfs', { preemptMode: 'swap' }),
    }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/needs 'swap'.*local engine.*recompute/);
  });

  it('refuses a request without a field its policy needs', async () => {
    const e = await engine('spjf', { predictor: 'per-request' });
    const { predictedSize: _, ...bare } = req(e, 'x', 4);
    expect(() => e.submit(bare)).toThrowError(/request x has no predictedSize.*'spjf'/);
    await e.close();
  });

  it('reports the requested size when the context cannot be allocated', async () => {
    await expect(engine('vllm-fcfs', { contextPerSlot: 2 ** 28, slots: 1 })).rejects.toThrowError(
      /1 x 268435456 tokens/,
    );
  });
});

describe('bad model files', () => {
  it('names a missing file', async () => {
    await expect(openModel(join(tiny.dir, 'nope.gguf'))).rejects.toThrowError(
      /model file not found: .*nope\.gguf/,
    );
  });

  it('names a corrupt file', async () => {
    const path = join(tiny.dir, 'corrupt.gguf');
    writeFileSync(path, 'this is not a gguf file at all');
    const error = await openModel(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe('MODEL_INVALID');
    expect((error as Error).message).toContain('corrupt.gguf');
  });
});

const shared = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'models',
  'llama-2-tiny-random.gguf',
);

describe.skipIf(!existsSync(shared))(
  'third-party GGUF ../shared/models/llama-2-tiny-random.gguf (skipped when ../shared is absent)',
  () => {
    it('loads and generates', async () => {
      const other = await openModel(shared);
      const e = await LocalEngine.create({
        model: other.model,
        facts: other.facts,
        policy: resolveBatchPolicy('vllm-fcfs'),
        clock: new SystemClock(),
        slots: 1,
        contextPerSlot: 128,
        ignoreEos: true,
      });
      const result = await e.submit(req(e, 'x', 6, 'Hello')).result;
      expect(result.tokens).toHaveLength(6);
      expect(other.facts.vocabSize).toBe(32000);
      await e.close();
      await other.model.dispose();
    });
  },
);
