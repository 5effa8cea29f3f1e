/**
 * LLM self-prediction through the built-in engine (§13): for each prompt, the self-predictor's
 * query ("how many tokens would your response be?") runs on the engine, then the real request is
 * submitted; measures how many of the real request's prompt tokens are served from the query's
 * resident KV (prefix reuse), what the query costs, and how often the answer parses.
 *
 *   npx tsx bench/engine-self-prediction.ts [--preset small] [--prompts 12] [--slots 2]
 */
import { parseArgs } from 'node:util';
import { requestId } from '../src/core/ids.js';
import { isModelPresetName } from '../src/engines/gguf/model-config.js';
import { createEngineCompletionClient } from '../src/engines/local/engine-completion-client.js';
import { openModel } from '../src/engines/local/llama-runtime.js';
import { LocalEngine } from '../src/engines/local/local-engine.js';
import { resolveModelPath } from '../src/engines/local/model-source.js';
import { SystemClock } from '../src/engines/system-clock.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';
import { createSelfPredictor } from '../src/predictors/self/self-predictor.js';

const { values } = parseArgs({
  options: {
    preset: { type: 'string', default: 'small' },
    prompts: { type: 'string', default: '12' },
    slots: { type: 'string', default: '2' },
  },
});
const preset = values.preset;
if (!isModelPresetName(preset)) throw new Error(`--preset: unknown preset '${preset}'`);
const count = Number(values.prompts);
const clock = new SystemClock();
const { model, facts } = await openModel(resolveModelPath({ kind: 'preset', preset, seed: 1 }));
const engine = await LocalEngine.create({
  model,
  facts,
  policy: resolveBatchPolicy('fcfs'),
  clock,
  slots: Number(values.slots),
  contextPerSlot: 1024,
  maxBatchedTokens: 256,
  ignoreEos: true,
});
const client = createEngineCompletionClient(engine, clock);
const system = 'You are a helpful assistant. Answer precisely and briefly.';
const self = createSelfPredictor({
  source: { kind: 'client', client },
  maxTokens: 256,
  systemPrompt: () => system,
});
const words =
  'the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing'.split(' ');
let promptTokens = 0;
let reused = 0;
let realSeconds = 0;
for (let i = 0; i < count; i++) {
  const length = 20 + ((i * 37) % 200); // 20..219 words
  const text = Array.from({ length }, (_, k) => words[(k * 7 + i) % words.length]).join(' ');
  await self.prepare({ id: `q${i}`, prompt: text, promptTokens: 0 });
  const prompt = client.promptTokens(text, system);
  const start = clock.now();
  const real = await engine.submit({ id: requestId(`r${i}`), prompt, maxTokens: 16 }).result;
  realSeconds += clock.now() - start;
  promptTokens += prompt.length;
  reused += real.record.cachedTokens;
}
await engine.close();
await model.dispose();
const stats = self.stats();
process.stdout.write(
  `${preset}: ${count} prompts, ${promptTokens} prompt tokens; the real requests reused ${reused} ` +
    `(${((100 * reused) / promptTokens).toFixed(1)}%) from the queries' KV.\n` +
    `queries ${stats['queries']}, mean query ${((1000 * Number(stats['querySeconds'])) / count).toFixed(1)} ms ` +
    `(8 answer tokens), mean real request ${((1000 * realSeconds) / count).toFixed(1)} ms (16 tokens); ` +
    `unparsable answers ${stats['unparsable']}.\n`,
);
