/**
 * Scheduling value of output-length prediction (issue [C] item 7), used by results-predict.ts.
 *
 *   npx tsx scripts/results-predict.ts scheduling
 *
 * Workload: the held-out prompts of the pooled text mix (80/20 split by prompt, seed 1; the
 * learned predictor trains on the other 80%), `count` requests sampled with a seeded RNG, each with
 * its prompt text, real prompt tokens and real response length; Poisson arrivals (the Azure traces'
 * inter-arrival model) at a few loads. Engine simulator: llama-3-8b on H100 with a BINDING engine
 * limit of `maxSeqs` running sequences (with the vLLM default of 1024 every request joins the batch
 * at once and the order never matters). Load = arrival rate / the fifo saturation throughput,
 * measured by replaying all requests at t = 0 under the same limit.
 *
 * Policies: fifo (no prediction); sprpt and gittins, each driven by the learned predictor (a fresh
 * copy of the trained model per run, learning online from finished requests), by simulated
 * self-prediction (self:0.5, charged 2 ms of engine time per prediction) and by the oracle.
 * Gain kept = (fifo - x) / (fifo - oracle), the oracle of the same policy.
 */
import { join } from 'node:path';
import { requestId } from '../src/core/ids.js';
import type { SchedRequest } from '../src/core/request.js';
import { createRng } from '../src/core/rng.js';
import { seconds, tokens } from '../src/core/units.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { splitByPrompt } from '../src/predictors/eval/split-by-prompt.js';
import {
  readTextDatasets,
  sharedTextDatasets,
  type TextExample,
} from '../src/predictors/eval/text-dataset.js';
import { fitLearnedPredictor } from '../src/predictors/learned/fit-learned.js';
import {
  deserializeLearnedModel,
  serializeLearnedModel,
} from '../src/predictors/learned/learned-model-file.js';
import { createLearnedPredictor } from '../src/predictors/learned/learned-predictor.js';
import { parsePredictorSpec } from '../src/predictors/parse-predictor.js';
import type { LengthPredictor } from '../src/predictors/predictor.js';
import { runSimulation } from '../src/sim/run-simulation.js';

const datasets = sharedTextDatasets;
const count = 4000;
const maxSeqs = 32;
const loads: readonly [string, number][] = [
  ['light', 0.7],
  ['heavy', 0.95],
  ['overloaded', 1.2],
];

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

type Driver = 'learned' | 'self' | 'oracle';

export function schedulingValueTable(dataDir: string): string {
  const files = datasets.map((name) => join(dataDir, `${name}.jsonl`));
  const { train, test } = splitByPrompt(readTextDatasets(files), 0.8, 1);
  const examples = sample(test, 1);
  const limits = { maxSeqs };
  const simulate = (
    requests: readonly SchedRequest[],
    policy: string,
    predictor?: LengthPredictor,
  ): RunSummary =>
    runSimulation({
      requests,
      policy,
      seed: 1,
      limits,
      ...(predictor === undefined ? {} : { predictor }),
    }).summary;
  const saturated = simulate(requestsAt(examples, Number.POSITIVE_INFINITY, 1), 'fifo');
  const capacity = count / saturated.durationSeconds;
  const learnedBase = createLearnedPredictor();
  fitLearnedPredictor(learnedBase, train, { seed: 1 });
  const snapshot = serializeLearnedModel(learnedBase.state);
  const predictorFor = (driver: Driver): LengthPredictor => {
    switch (driver) {
      case 'learned':
        // a fresh copy per run: online learning inside one run must not leak into the next
        return createLearnedPredictor(deserializeLearnedModel(snapshot, 'in-memory'));
      case 'self':
        return parsePredictorSpec('self:0.5@0.002', { seed: 1 });
      case 'oracle':
        return parsePredictorSpec('oracle', { seed: 1 });
    }
  };
  const meanOutput = examples.reduce((sum, e) => sum + e.outputTokens, 0) / count;
  const lines = [
    `### Scheduling value (engine simulator: llama-3-8b / H100, limit maxSeqs = ${maxSeqs}; ${count} held-out requests of the pooled mix, mean output ${meanOutput.toFixed(0)} tokens; Poisson arrivals)`,
    '',
    `Command: \`npx tsx scripts/results-predict.ts scheduling\`. Binding limit: at most ${maxSeqs} running sequences (H100 KV and 8192 batched tokens as default), so requests queue and the order matters. fifo saturation throughput (all requests at t = 0): ${capacity.toFixed(1)} requests/s; load = rate / that. Mean E2E and mean TTFT in seconds; kept = (fifo - x) / (fifo - oracle) with the oracle of the same policy (n/a when the oracle gains under 2%); self:0.5 is the simulated self-prediction (reads the truth, lognormal noise 0.5, 2 ms engine time per prediction).`,
    '',
    '| load | rate (req/s) | policy | metric | fifo | learned | self:0.5 | oracle | kept: learned | kept: self:0.5 |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  // below a 2% oracle gain the ratio is noise over a near-zero denominator
  const kept = (fifo: number, x: number, oracle: number): string =>
    fifo - oracle > 0.02 * fifo ? ((fifo - x) / (fifo - oracle)).toFixed(2) : 'n/a';
  for (const [label, load] of loads) {
    const rate = load * capacity;
    const requests = requestsAt(examples, rate, 1);
    const fifo = simulate(requests, 'fifo');
    for (const policy of ['sprpt', 'gittins']) {
      const runs = {
        learned: simulate(requests, policy, predictorFor('learned')),
        self: simulate(requests, policy, predictorFor('self')),
        oracle: simulate(requests, policy, predictorFor('oracle')),
      };
      for (const metric of ['e2e', 'ttft'] as const) {
        const f = fifo[metric].mean;
        const l = runs.learned[metric].mean;
        const s = runs.self[metric].mean;
        const o = runs.oracle[metric].mean;
        lines.push(
          `| ${label} (${load}) | ${rate.toFixed(1)} | ${policy} | mean ${metric.toUpperCase()} | ${f.toFixed(3)} | ${l.toFixed(3)} | ${s.toFixed(3)} | ${o.toFixed(3)} | ${kept(f, l, o)} | ${kept(f, s, o)} |`,
        );
        process.stderr.write(
          `${label} ${policy} ${metric}: fifo ${f.toFixed(2)} learned ${l.toFixed(2)} self ${s.toFixed(2)} oracle ${o.toFixed(2)}\n`,
        );
      }
    }
  }
  return lines.join('\n');
}
