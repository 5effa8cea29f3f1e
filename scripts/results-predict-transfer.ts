/**
 * Transfer experiments of output-length prediction (issue 12), used by results-predict.ts:
 *
 *   npx tsx scripts/results-predict.ts diagnosis   why the learned predictor does not transfer
 *   npx tsx scripts/results-predict.ts lodo        leave-one-dataset-out, every predictor
 *   npx tsx scripts/results-predict.ts online      streaming evaluation (predict, then observe)
 *   npx tsx scripts/results-predict.ts transfer-scheduling   scheduling value on unseen text
 *
 * Datasets: the six files of ../shared/data/text, each one a dataset (fold). LODO rows equal
 * `llmsched predict eval --lodo --data <six files> --predictor NAME --json`; online rows equal
 * `llmsched predict eval --online --data <files> --order ORDER --predictor NAME --json`.
 */
import { join } from 'node:path';
import { requestId } from '../src/core/ids.js';
import type { SchedRequest } from '../src/core/request.js';
import { createRng } from '../src/core/rng.js';
import { seconds, tokens } from '../src/core/units.js';
import type { RequestRecord } from '../src/metrics/request-record.js';
import {
  type LodoResult,
  leaveOneDatasetOut,
} from '../src/predictors/eval/leave-one-dataset-out.js';
import { evaluateOnline, type OnlineResult } from '../src/predictors/eval/online-evaluation.js';
import { trainPredictorByName } from '../src/predictors/eval/predictor-catalog.js';
import { kendallTauB } from '../src/predictors/eval/rank-correlation.js';
import {
  readTextDatasets,
  sharedTextDatasets,
  type TextExample,
} from '../src/predictors/eval/text-dataset.js';
import { defaultFeatureOptions } from '../src/predictors/learned/feature-hasher.js';
import { fitLearnedPredictor } from '../src/predictors/learned/fit-learned.js';
import {
  createLearnedPredictor,
  createLearnedState,
  defaultLearnedConfig,
  type LearnedConfig,
} from '../src/predictors/learned/learned-predictor.js';
import { parsePredictorSpec } from '../src/predictors/parse-predictor.js';
import type { LengthPredictor } from '../src/predictors/predictor.js';
import {
  defaultMask,
  fitTransferModel,
  type TransferFitOptions,
} from '../src/predictors/transfer/fit-transfer.js';
import { denseFeatureNames, featureGroups } from '../src/predictors/transfer/transfer-features.js';
import {
  createTransferPredictor,
  defaultTransferOptions,
} from '../src/predictors/transfer/transfer-predictor.js';
import { runSimulation } from '../src/sim/run-simulation.js';

type Datasets = Map<string, TextExample[]>;

export function loadDatasets(dataDir: string): Datasets {
  return new Map(
    sharedTextDatasets.map((name) => [name, readTextDatasets([join(dataDir, `${name}.jsonl`)])]),
  );
}

const f3 = (value: number): string => value.toFixed(3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** LODO with the median predicted / median actual length of each held-out set (calibration). */
function lodo(
  datasets: Datasets,
  train: (examples: readonly TextExample[]) => LengthPredictor,
  name: string,
) {
  const levels = new Map<string, number>();
  const result = leaveOneDatasetOut(
    datasets,
    (examples) => {
      const predictor = train(examples);
      const trainedOn = new Set(examples.map((e) => e.source));
      const held = [...datasets.keys()].find(
        (key) => !trainedOn.has(datasets.get(key)?.[0]?.source ?? ''),
      );
      const test = datasets.get(held ?? '') ?? [];
      levels.set(
        held ?? '',
        median(test.map((e) => predictor.predict(e.input).mean)) /
          Math.max(1, median(test.map((e) => e.outputTokens))),
      );
      return predictor;
    },
    { name },
  );
  return { result, levels };
}

function lodoRows(
  label: string,
  run: { result: LodoResult; levels: Map<string, number> },
): string[] {
  const { result, levels } = run;
  return [
    `| ${label} | ${result.perDataset.map((r) => `${f3(r.kendallTau)} / ${r.p90Coverage.toFixed(2)} / ${(levels.get(r.dataset) ?? 0).toFixed(2)}`).join(' | ')} | **${f3(result.pooled.kendallTau)}** / ${f3(result.pooled.p90Coverage)} | ${f3(result.pooled.meanDatasetTau)} |`,
  ];
}

function lodoHeader(datasets: Datasets): string[] {
  const names = [...datasets.keys()];
  return [
    `| predictor | ${names.join(' | ')} | pooled tau / p90 cov | mean per-set tau |`,
    `|---|${names.map(() => '---').join('|')}|---|---|`,
  ];
}

function learnedWith(config: Partial<LearnedConfig>, features: Partial<LearnedConfig['features']>) {
  return (examples: readonly TextExample[]): LengthPredictor => {
    const predictor = createLearnedPredictor(
      createLearnedState({
        ...defaultLearnedConfig,
        ...config,
        features: { ...defaultFeatureOptions, ...features },
      }),
    );
    fitLearnedPredictor(predictor, examples, { seed: 1 });
    return predictor;
  };
}

/** Up to `cap` training examples per dataset (seeded), to keep the ablation grid affordable. */
function capped(datasets: Datasets, cap: number): Datasets {
  const out: Datasets = new Map();
  for (const [name, examples] of datasets) {
    const rng = createRng(7).fork(name);
    const copy = [...examples];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as TextExample, copy[i] as TextExample];
    }
    out.set(name, copy.slice(0, cap));
  }
  return out;
}

export function diagnosisSection(datasets: Datasets): string {
  const lines: string[] = [];
  // 1. how much of the in-distribution pooled tau is dataset identity
  const identityPred: number[] = [];
  const identityTrue: number[] = [];
  for (const examples of datasets.values()) {
    const level = median(examples.map((e) => e.outputTokens));
    for (const example of examples) {
      identityPred.push(level);
      identityTrue.push(example.outputTokens);
    }
  }
  lines.push(
    `Dataset identity alone (predict each dataset's median length for all its prompts): pooled Kendall tau-b **${f3(kendallTauB(identityPred, identityTrue))}** over all ${identityTrue.length} examples, against the learned model's in-distribution pooled 0.759 (the metrics tables above): most of the pooled figure is recognising the dataset.`,
    '',
  );
  // 2. ablations of the learned model under LODO (training capped at 3000 per dataset)
  const mixed = capped(datasets, 3000);
  lines.push(
    'Learned predictor, leave one dataset out, by feature (every dataset capped at 3000 examples, seeded, for training and testing alike; each cell: Kendall tau-b / p90 coverage / median predicted ÷ median actual length of the held-out set):',
    '',
    ...lodoHeader(mixed),
  );
  const variants: [string, (examples: readonly TextExample[]) => LengthPredictor][] = [
    ['learned (all features)', learnedWith({}, {})],
    ['- word n-grams', learnedWith({}, { wordHead: 0, wordTail: 0 })],
    ['- character 3-grams', learnedWith({}, { charHead: 0, charTail: 0 })],
    [
      '- all text (length, max_tokens, model only)',
      learnedWith({}, { wordHead: 0, wordTail: 0, charHead: 0, charTail: 0 }),
    ],
    [
      '- back-off to group histograms (minSeen 0, floor 0)',
      learnedWith({ minSeen: 0, floorMix: 0 }, {}),
    ],
    [
      'length-regression',
      (examples) => trainPredictorByName('length-regression', examples, { seed: 1 }),
    ],
    [
      'group-median (model name as group)',
      (examples) => trainPredictorByName('group-median', examples, { seed: 1 }),
    ],
  ];
  for (const [label, train] of variants) {
    process.stderr.write(`diagnosis: ${label}\n`);
    lines.push(...lodoRows(label, lodo(mixed, train, label)));
  }
  return lines.join('\n');
}

function transferTrainer(options: TransferFitOptions) {
  return (examples: readonly TextExample[]): LengthPredictor =>
    createTransferPredictor(fitTransferModel(examples, options).model);
}

function maskWithout(group: string): boolean[] {
  const drop = new Set(featureGroups()[group] ?? []);
  return defaultMask().map((use, j) => use && !drop.has(j));
}

export function lodoSection(datasets: Datasets): string {
  const lines = [
    'Each cell: Kendall tau-b / p90 coverage / median predicted ÷ median actual length of the held-out set, predicted by a model trained on the other five (frozen: no online updates).',
    '',
    ...lodoHeader(datasets),
  ];
  const rows: [string, (examples: readonly TextExample[]) => LengthPredictor][] = [
    ['transfer', transferTrainer({})],
    ['transfer-prior (nothing trained)', () => createTransferPredictor()],
    ['learned', (examples) => trainPredictorByName('learned', examples, { seed: 1 })],
    [
      'length-regression',
      (examples) => trainPredictorByName('length-regression', examples, { seed: 1 }),
    ],
    ['group-median', (examples) => trainPredictorByName('group-median', examples, { seed: 1 })],
    ['global-median', (examples) => trainPredictorByName('global-median', examples, { seed: 1 })],
  ];
  for (const [label, train] of rows) {
    process.stderr.write(`lodo: ${label}\n`);
    lines.push(...lodoRows(label, lodo(datasets, train, label)));
  }
  lines.push('', 'Transfer predictor ablations (same folds):', '', ...lodoHeader(datasets));
  const ablations: [string, TransferFitOptions][] = [
    ['- answer-form prior (constant 100 tokens)', { usePrior: false }],
    ['- form one-hots', { mask: maskWithout('form') }],
    ['- length words', { mask: maskWithout('length') }],
    ['- prompt length and structure', { mask: maskWithout('prompt') }],
    ['+ form:chat column fitted', { mask: denseFeatureNames.map(() => true) }],
    ['+ free intercept', { intercept: true }],
    ['- within-source slopes (pooled slopes)', { withinSource: false }],
  ];
  for (const [label, options] of ablations) {
    process.stderr.write(`lodo: transfer ${label}\n`);
    lines.push(...lodoRows(`transfer ${label}`, lodo(datasets, transferTrainer(options), label)));
  }
  return lines.join('\n');
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rng = createRng(seed).fork('predict-stream');
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function onlineRow(label: string, result: OnlineResult): string {
  const windows = result.windows.map((w) => f3(w.kendallTau)).join(' ');
  const after =
    result.afterWarmup.n === 0
      ? `n/a (${result.n} requests) | n/a`
      : `**${f3(result.afterWarmup.kendallTau)}** | ${f3(result.afterWarmup.p90Coverage)}`;
  return `| ${label} | ${f3(result.coldStart.kendallTau)} | ${after} | ${windows} | ${result.stats['driftResets'] ?? '-'} / ${result.stats['wordResets'] ?? '-'} |`;
}

const onlineHeader = [
  '| predictor | tau, first 200 | tau after 200 | p90 cov after 200 | tau per window | drift / word resets |',
  '|---|---|---|---|---|---|',
];

export function onlineSection(datasets: Datasets): string {
  const all = [...datasets.values()].flat();
  // the same order as `predict eval --online --order shuffle --seed 1 --limit 6000`
  const stream = shuffled(all, 1).slice(0, 6000);
  const lines = [
    `Mixed unseen stream: the six files shuffled together (seed 1), first ${stream.length} requests; every predictor starts untrained (nothing of these sets seen) and learns from each request after predicting it; windows of 500.`,
    '',
    ...onlineHeader,
  ];
  const variants: [string, () => LengthPredictor][] = [
    ['transfer', () => createTransferPredictor()],
    [
      'transfer, no online words',
      () => createTransferPredictor(undefined, { ...defaultTransferOptions, onlineWords: false }),
    ],
    [
      'transfer, no group statistics',
      () =>
        createTransferPredictor(undefined, { ...defaultTransferOptions, groupStatistics: false }),
    ],
    ['transfer, frozen (no observe)', () => ({ ...createTransferPredictor(), observe: () => {} })],
    ['learned (untrained, online)', () => parsePredictorSpec('learned')],
    ['group-median (online)', () => parsePredictorSpec('group-median')],
  ];
  for (const [label, create] of variants) {
    process.stderr.write(`online: ${label}\n`);
    lines.push(
      onlineRow(label, evaluateOnline(create(), stream, { window: 500, warmup: 200, name: label })),
    );
  }
  lines.push(
    '',
    'Each held-out set as its own stream (shuffled, seed 1, up to 3000 requests), starting from the transfer model fitted on the other five:',
    '',
    ...onlineHeader,
  );
  for (const [held, examples] of datasets) {
    const train = [...datasets].filter(([name]) => name !== held).flatMap(([, e]) => e);
    const model = fitTransferModel(train, {}).model;
    const result = evaluateOnline(
      createTransferPredictor(model),
      shuffled(examples, 1).slice(0, 3000),
      {
        window: 500,
        warmup: 200,
      },
    );
    lines.push(onlineRow(held, result));
  }
  const order = ['tatqa', 'oasst_model_eval', 'nl2bash'];
  const drift = order.flatMap((name) => shuffled(datasets.get(name) ?? [], 1).slice(0, 1500));
  lines.push(
    '',
    `Drift: ${order.join(' → ')} one after another (1500 each, \`--order concat\`), untrained transfer predictor, windows of 500:`,
    '',
    ...onlineHeader,
    onlineRow(
      'transfer',
      evaluateOnline(createTransferPredictor(), drift, { window: 500, warmup: 200 }),
    ),
    onlineRow(
      'learned (untrained, online)',
      evaluateOnline(parsePredictorSpec('learned'), drift, { window: 500, warmup: 200 }),
    ),
  );
  return lines.join('\n');
}

// ---- scheduling value on unseen text --------------------------------------------------------

const count = 4000;
const maxSeqs = 32;

function requestsAt(examples: readonly TextExample[], rate: number): SchedRequest[] {
  const rng = createRng(1).fork(`arrivals-${rate}`);
  let time = 0;
  return examples.map((example, i) => {
    if (Number.isFinite(rate)) time += -Math.log(1 - rng.next()) / rate;
    return {
      id: requestId(`u${i}`),
      arrivalTime: seconds(Number.isFinite(rate) ? time : 0),
      promptTokens: tokens(example.input.promptTokens),
      outputTokens: tokens(Math.max(1, example.outputTokens)),
      prompt: example.input.prompt ?? '',
      ...(example.input.maxTokens === undefined
        ? {}
        : { maxTokens: tokens(example.input.maxTokens) }),
    };
  });
}

function normalizedLatency(records: readonly RequestRecord[]): number {
  let sum = 0;
  let n = 0;
  for (const record of records) {
    if (record.finishTime === undefined) continue;
    sum += (record.finishTime - record.arrivalTime) / Math.max(1, record.outputTokens);
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

export function transferSchedulingSection(datasets: Datasets): string {
  const all = [...datasets.values()].flat();
  const rng = createRng(1).fork('unseen-sample');
  const examples = Array.from(
    { length: count },
    () => all[Math.floor(rng.next() * all.length)] as TextExample,
  );
  const simulate = (
    requests: readonly SchedRequest[],
    policy: string,
    predictor?: LengthPredictor,
  ) =>
    runSimulation({
      requests,
      policy,
      seed: 1,
      limits: { maxSeqs },
      ...(predictor === undefined ? {} : { predictor }),
    });
  const capacity =
    count /
    simulate(requestsAt(examples, Number.POSITIVE_INFINITY), 'fifo').summary.durationSeconds;
  const meanOutput = examples.reduce((sum, e) => sum + e.outputTokens, 0) / count;
  const lines = [
    `Workload: ${count} requests sampled (seeded) from all six text sets, mean output ${meanOutput.toFixed(0)} tokens, Poisson arrivals; engine simulator llama-3-8b / H100 with at most ${maxSeqs} running sequences; fifo saturation ${capacity.toFixed(1)} req/s. The transfer and learned predictors start **untrained** (no text of these sets seen) and learn online from each finished request during the run; the oracle reads the true length. kept = (fifo - x) / (fifo - oracle). Normalized latency: mean of E2E / output tokens (s per token).`,
    '',
    '| load | policy | metric | fifo | transfer | learned | oracle | kept: transfer | kept: learned |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const kept = (fifo: number, x: number, oracle: number): string =>
    fifo - oracle > 0.02 * fifo ? ((fifo - x) / (fifo - oracle)).toFixed(2) : 'n/a';
  for (const [label, load] of [
    ['heavy', 0.95],
    ['overloaded', 1.2],
  ] as const) {
    const requests = requestsAt(examples, load * capacity);
    const fifo = simulate(requests, 'fifo');
    for (const policy of ['sprpt', 'gittins']) {
      const runs = {
        transfer: simulate(requests, policy, createTransferPredictor()),
        learned: simulate(requests, policy, parsePredictorSpec('learned')),
        oracle: simulate(requests, policy, parsePredictorSpec('oracle')),
      };
      const metrics: [string, (r: ReturnType<typeof simulate>) => number][] = [
        ['mean E2E (s)', (r) => r.summary.e2e.mean],
        ['p99 E2E (s)', (r) => r.summary.e2e.p99],
        ['normalized latency (s/token)', (r) => normalizedLatency(r.records)],
      ];
      for (const [metric, get] of metrics) {
        const [f, t, l, o] = [get(fifo), get(runs.transfer), get(runs.learned), get(runs.oracle)];
        lines.push(
          `| ${label} (${load}) | ${policy} | ${metric} | ${f.toFixed(3)} | ${t.toFixed(3)} | ${l.toFixed(3)} | ${o.toFixed(3)} | ${kept(f, t, o)} | ${kept(f, l, o)} |`,
        );
      }
      process.stderr.write(`transfer-scheduling ${label} ${policy} done\n`);
    }
  }
  return lines.join('\n');
}
