/**
 * Scheduling value of output-length prediction (issue [C] item 6), used by results-predict.ts.
 *
 * Workload: the held-out prompts of the pooled text mix (80/20 split by prompt, seed 1; the
 * learned predictor trains on the other 80%), 2000 requests sampled with a seeded RNG, each with
 * its prompt text, real prompt tokens and real response length; Poisson arrivals. The engine
 * simulator (llama-3-8b on H100 by default, vLLM-like limits) runs fifo, and sprpt driven by the
 * learned predictor, by simulated self-prediction (self:0.5) and by the oracle. Loads are
 * fractions of the saturation throughput measured by replaying all requests at t = 0 under fifo.
 * Gain kept = (fifo - policy) / (fifo - oracle) on mean E2E.
 */
import { join } from 'node:path';
import { requestId } from '../src/core/ids.js';
import type { SchedRequest } from '../src/core/request.js';
import { createRng } from '../src/core/rng.js';
import { seconds, tokens } from '../src/core/units.js';
import { splitByPrompt } from '../src/predictors/eval/split-by-prompt.js';
import { readTextDatasets, type TextExample } from '../src/predictors/eval/text-dataset.js';
import { fitLearnedPredictor } from '../src/predictors/learned/fit-learned.js';
import {
  deserializeLearnedModel,
  serializeLearnedModel,
} from '../src/predictors/learned/learned-model-file.js';
import { createLearnedPredictor } from '../src/predictors/learned/learned-predictor.js';
import { parsePredictorSpec } from '../src/predictors/parse-predictor.js';
import type { LengthPredictor } from '../src/predictors/predictor.js';
import { runSimulation } from '../src/sim/run-simulation.js';

const datasets = [
  'gsm8k',
  'gsm8k_gpt3_solutions',
  'humaneval',
  'nl2bash',
  'tatqa',
  'oasst_model_eval',
];
const count = 2000;
const loads = [0.9, 1.2, 1.5];

function sample(test: readonly TextExample[], seed: number): TextExample[] {
  const rng = createRng(seed).fork('scheduling-sample');
  return Array.from(
    { length: count },
    () => test[Math.floor(rng.next() * test.length)] as TextExample,
  );
}

function requestsAt(examples: readonly TextExample[], rate: number, seed: number): SchedRequest[] {
  const rng = createRng(seed).fork(`arrivals-${rate}`);
  let time = 0;
  return examples.map((example, i) => {
    if (Number.isFinite(rate)) time += -Math.log(1 - rng.next()) / rate;
    return {
      id: requestId(`q${i}`),
      arrivalTime: seconds(Number.isFinite(rate) ? time : 0),
      promptTokens: tokens(example.input.promptTokens),
      outputTokens: tokens(Math.max(1, example.outputTokens)),
      prompt: example.input.prompt ?? '',
    };
  });
}

export function schedulingValueTable(dataDir: string): string {
  const files = datasets.map((name) => join(dataDir, `${name}.jsonl`));
  const { train, test } = splitByPrompt(readTextDatasets(files), 0.8, 1);
  const examples = sample(test, 1);
  const saturated = runSimulation({
    requests: requestsAt(examples, Number.POSITIVE_INFINITY, 1),
    policy: 'fifo',
    seed: 1,
  });
  const capacity = count / saturated.summary.durationSeconds;
  const lines = [
    `### Scheduling value (engine simulator, llama-3-8b / H100 defaults, ${count} held-out requests of the pooled mix, Poisson arrivals)`,
    '',
    `Saturation throughput under fifo: ${capacity.toFixed(1)} requests/s. Mean E2E in seconds; gain kept = (fifo - x) / (fifo - oracle).`,
    '',
    '| load | rate (req/s) | fifo | sprpt + learned | sprpt + self:0.5@0.002 s (simulated) | sprpt + oracle | gain kept: learned | gain kept: self:0.5 |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const learnedBase = createLearnedPredictor();
  fitLearnedPredictor(learnedBase, train, { seed: 1 });
  const snapshot = serializeLearnedModel(learnedBase.state);
  for (const load of loads) {
    const rate = load * capacity;
    const requests = requestsAt(examples, rate, 1);
    const e2e = (policy: string, predictor?: LengthPredictor): number =>
      runSimulation({
        requests,
        policy,
        seed: 1,
        ...(predictor === undefined ? {} : { predictor }),
      }).summary.e2e.mean;
    const fifo = e2e('fifo');
    // a fresh copy of the trained model per run: online learning inside one run must not leak into the next
    const learned = e2e(
      'sprpt',
      createLearnedPredictor(deserializeLearnedModel(snapshot, 'in-memory')),
    );
    const self = e2e('sprpt', parsePredictorSpec('self:0.5@0.002', { seed: 1 }));
    const oracle = e2e('sprpt', parsePredictorSpec('oracle', { seed: 1 }));
    const kept = (x: number): string =>
      fifo - oracle > 1e-9 ? ((fifo - x) / (fifo - oracle)).toFixed(2) : 'n/a';
    lines.push(
      `| ${load} | ${rate.toFixed(1)} | ${fifo.toFixed(2)} | ${learned.toFixed(2)} | ${self.toFixed(2)} | ${oracle.toFixed(2)} | ${kept(learned)} | ${kept(self)} |`,
    );
    process.stderr.write(
      `load ${load}: fifo ${fifo.toFixed(2)} learned ${learned.toFixed(2)} self ${self.toFixed(2)} oracle ${oracle.toFixed(2)}\n`,
    );
  }
  return lines.join('\n');
}
