/**
 * Checks that a request's greedy output on the local engine does not depend on its batch
 * neighbours: each prompt is first served alone (one slot), then all together (one slot each, one
 * batch per step) RUNS times; a run differs when any request's tokens differ from its solo run.
 * Also counts runs where llama_decode calls != engine steps (a step split into several batches).
 * Prompts have different lengths, so llama.cpp reorders a prefill batch's outputs.
 *
 *   npx tsx scripts/engine-determinism.ts [runs=100] [slots=4] [model.gguf]
 *   (default model: ../shared/models/llama-2-tiny-random.gguf, 32,000-token vocabulary; else the
 *   generated tiny preset)
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestId } from '../src/core/ids.js';
import { ensureGeneratedModel } from '../src/engines/gguf/generate-model.js';
import { modelPresets } from '../src/engines/gguf/model-config.js';
import { openModel } from '../src/engines/local/llama-runtime.js';
import { LocalEngine } from '../src/engines/local/local-engine.js';
import { SystemClock } from '../src/engines/system-clock.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';

const runs = Number(process.argv[2] ?? 100);
const slots = Number(process.argv[3] ?? 4);
const shared = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'models',
  'llama-2-tiny-random.gguf',
);
const path =
  process.argv[4] ??
  (existsSync(shared)
    ? shared
    : ensureGeneratedModel({
        label: 'tiny',
        shape: modelPresets.tiny,
        seed: 1,
        cacheDir: mkdtempSync(join(tmpdir(), 'llmsched-det-')),
      }));
const { model, facts } = await openModel(path);
const texts = [
  'the request is here and it is long',
  'hello world',
  'a third prompt, longer than the others by far, yes',
  'four',
];
const prompts = Array.from({ length: slots }, (_, i) => texts[i % texts.length] as string);

async function serve(
  batch: readonly string[],
  engineSlots: number,
): Promise<{ tokens: string[]; steps: number; decodes: number }> {
  const e = await LocalEngine.create({
    model,
    facts,
    policy: resolveBatchPolicy('vllm-fcfs'),
    clock: new SystemClock(),
    slots: engineSlots,
    contextPerSlot: 128,
    maxBatchedTokens: 128,
    ignoreEos: true,
  });
  const handles = batch.map((text, i) =>
    e.submit({ id: requestId(`r${i}`), prompt: e.tokenize(text), maxTokens: 4 }),
  );
  const results = await Promise.all(handles.map((h) => h.result));
  const { steps, decodes } = e.stats;
  await e.close();
  return { tokens: results.map((r) => r.tokens.join(',')), steps, decodes };
}

const solo: string[] = [];
for (const text of prompts) solo.push(...(await serve([text], 1)).tokens);
let differ = 0;
let split = 0;
for (let run = 0; run < runs; run++) {
  const { tokens, steps, decodes } = await serve(prompts, slots);
  const wrong = tokens.flatMap((t, i) => (t === solo[i] ? [] : [i]));
  if (decodes !== steps) split++;
  if (wrong.length > 0) {
    differ++;
    console.log(
      `run ${run}: requests ${wrong.join(',')} differ (steps ${steps}, llama_decode calls ${decodes})`,
    );
    for (const i of wrong) console.log(`  r${i}: ${tokens[i]} (alone: ${solo[i]})`);
  }
}
console.log(
  `${path}: ${runs} runs x ${slots} requests: ${differ} runs differ from solo, ${split} runs with a step split into several llama_decode calls`,
);
await model.dispose();
process.exit(0);
