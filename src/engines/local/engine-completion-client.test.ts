/** LLM self-prediction through the built-in engine, end to end on the tiny generated model. */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { createSelfPredictor } from '../../predictors/self/self-predictor.js';
import { SystemClock } from '../system-clock.js';
import { createEngineCompletionClient } from './engine-completion-client.js';
import { LocalEngine } from './local-engine.js';
import { useTinyModel } from './tiny-model.test-helper.js';

const tiny = useTinyModel('llmsched-self-');

describe('the engine as a CompletionClient', () => {
  it('serves self-prediction queries whose prompt the real request then reuses', async () => {
    const clock = new SystemClock();
    const engine = await LocalEngine.create({
      model: tiny.model,
      facts: tiny.facts,
      policy: resolveBatchPolicy('fcfs'),
      clock,
      slots: 2,
      contextPerSlot: 512,
      maxBatchedTokens: 256,
      ignoreEos: true,
    });
    try {
      const client = createEngineCompletionClient(engine, clock);
      const self = createSelfPredictor({ source: { kind: 'client', client }, maxTokens: 64 });
      const text = 'Write a short poem about the sea and the wind, with three verses.';
      const system = 'You are a helpful assistant.';
      const request = { id: 'r1', prompt: text, promptTokens: 0 };
      const withSystemPrompt = createSelfPredictor({
        source: { kind: 'client', client },
        maxTokens: 64,
        systemPrompt: () => system,
      });
      await self.prepare(request);
      // the random model's answer has no number: the predictor falls back and counts it
      self.predict(request);
      expect(self.stats()).toMatchObject({ queries: 1, unparsable: 1, fallbacks: 1 });
      expect(client.queries).toBe(1);

      // the real request: the query's prompt minus the postfix, so all but its last token reuse KV
      const prompt = client.promptTokens(text);
      const real = await engine.submit({ id: requestId('r1'), prompt, maxTokens: 4 }).result;
      expect(real.error).toBeUndefined();
      expect(real.record.cachedTokens).toBe(prompt.length - 1);

      // with a system prompt, through the same layout
      await withSystemPrompt.prepare({ id: 'r2', prompt: 'Another question?', promptTokens: 0 });
      const withSystem = client.promptTokens('Another question?', system);
      const second = await engine.submit({ id: requestId('r2'), prompt: withSystem, maxTokens: 2 })
        .result;
      expect(second.record.cachedTokens).toBe(withSystem.length - 1);
    } finally {
      await engine.close();
    }
  });
});
