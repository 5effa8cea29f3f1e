/**
 * Regenerates the "## Real engine vs simulator" section of docs/results.md (between the
 * `engine:fidelity` markers): the simulator against the real llama.cpp engine replaying the same
 * test trace with the same limits (slots = max sequences = KV blocks of one slot each, step budget,
 * chunk cap), with cost presets that never saw the test run:
 *
 *   - "step log (calibration trace)": linear-step preset fitted (absolute least squares) on the
 *     step logs (batch composition -> measured iteration time) of real replays of a DIFFERENT
 *     trace (calibration seed), one per policy setting, run just before the test replays;
 *   - "grid profile": `llmsched engine profile` (synthetic grid, same context/batch/threads/
 *     sampling as the replays), run just before as well.
 *
 * A third, diagnostic row fits the preset on the test run's own step log (not a prediction: it
 * separates the cost model's error from the scheduling model's). The whole sequence (profile,
 * calibration replays, test replays) repeats `--repeats` times back to back to show the spread of
 * a shared machine.
 *
 *   npx tsx scripts/results-engine.ts [--requests 30] [--rate 1.5] [--repeats 3]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openModel } from '../src/engines/local/llama-runtime.js';
import type { StepRecord } from '../src/engines/local/local-engine.js';
import { resolveModelPath } from '../src/engines/local/model-source.js';
import { predictorFromSpec } from '../src/engines/local/predicted-size.js';
import { profileEngine } from '../src/engines/local/profile-engine.js';
import { runEngineReplay } from '../src/engines/local/run-replay.js';
import { presetFromStepLog } from '../src/engines/local/step-log-preset.js';
import { SystemClock } from '../src/engines/system-clock.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import type { CostModel } from '../src/sim/cost/cost-model.js';
import { loadLinearStepProfile } from '../src/sim/cost/linear-step-cost.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { writeMarkedSection } from './lib/marked-section.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1.5' },
    repeats: { type: 'string', default: '3' },
  },
});
const requestsCount = Number(values.requests);
const rate = Number(values.rate);
const repeats = Number(values.repeats);
const slots = 2;
const contextPerSlot = 1024;
const maxBatchedTokens = 256;
const testSeed = 1;
const calibrationSeed = 2;
const workload = 'bursty:shortPrompt=32,shortOutput=16,longPrompt=256,longOutput=128';
const command = `npx tsx scripts/results-engine.ts --requests ${requestsCount} --rate ${rate} --repeats ${repeats}`;

interface Setting {
  readonly label: string;
  readonly policy: string;
  readonly chunkCap: number;
}
const settings: readonly Setting[] = [
  { label: 'fcfs', policy: 'fcfs', chunkCap: 0 },
  { label: 'sprpt (oracle)', policy: 'sprpt', chunkCap: 0 },
  { label: 'fcfs, chunked prefill 64', policy: 'fcfs', chunkCap: 64 },
];
const presetKinds = [
  'step log (calibration trace)',
  'grid profile',
  'diagnostic: test run own steps',
] as const;
type PresetKind = (typeof presetKinds)[number];

const trace = (seed: number) =>
  readTrace(`synthetic:${workload}`, { rate, requests: requestsCount, seed });
const testRequests = trace(testSeed);
const calibrationRequests = trace(calibrationSeed);
const path = resolveModelPath({ kind: 'preset', preset: 'small', seed: 1 });
const { model, facts } = await openModel(path);
const dir = mkdtempSync(join(tmpdir(), 'llmsched-fidelity-'));

const replay = (setting: Setting, requests: typeof testRequests, seed: number) =>
  runEngineReplay({
    model,
    facts,
    clock: new SystemClock(),
    policy: setting.policy,
    requests,
    predictor: predictorFromSpec('oracle', 1),
    oracle: true,
    slots,
    contextPerSlot,
    maxBatchedTokens,
    chunkCap: setting.chunkCap,
    threads: 1,
    seed,
  });

const simulate = (setting: Setting, costModel: string): RunSummary =>
  runSimulation({
    requests: testRequests,
    policy: setting.policy,
    costModel,
    predictor: 'oracle',
    prefixCache: 'none',
    seed: 1,
    limits: {
      maxBatchedTokens,
      maxSeqs: slots,
      chunkCap: setting.chunkCap,
      blockSize: contextPerSlot,
      totalBlocks: slots,
      watermarkBlocks: 0,
    },
  }).summary;

const writePreset = (name: string, preset: object): string => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(preset, null, 2));
  return file;
};
const stepLogPreset = (steps: readonly StepRecord[], name: string) =>
  presetFromStepLog(steps, {
    name,
    kvCapacityTokens: slots * contextPerSlot,
    description: `step log of real replays (${name})`,
  });
const busy = (steps: readonly StepRecord[]): number =>
  steps.reduce((sum, s) => sum + s.iterationSeconds, 0);
const modelled = (steps: readonly StepRecord[], cost: CostModel): number =>
  steps.reduce((sum, s) => sum + cost.stepSeconds(s), 0);

interface Cell {
  readonly engine: RunSummary;
  readonly sim: RunSummary;
  /** Σ preset cost of the test run's own batches / Σ measured iteration seconds. */
  readonly busyRatio: number;
  readonly steps: number;
  readonly decodes: number;
}
/** cells[repeat][setting][preset kind] */
const cells: Record<PresetKind, Cell>[][] = [];
const calibrationDrift: number[] = [];
const calibrationFits: string[] = [];

for (let r = 0; r < repeats; r++) {
  process.stderr.write(`repeat ${r + 1}/${repeats}: profiling the grid...\n`);
  const grid = await profileEngine({
    model,
    facts,
    clock: new SystemClock(),
    maxBatch: slots,
    maxContext: contextPerSlot,
    repeats: 5,
    threads: 1,
  });
  const gridPath = writePreset(`grid-${r}`, grid);
  process.stderr.write('calibration replays (seed 2)...\n');
  const calibrationSteps: StepRecord[] = [];
  for (const setting of settings) {
    calibrationSteps.push(
      ...(await replay(setting, calibrationRequests, calibrationSeed)).result.steps,
    );
  }
  const calibration = stepLogPreset(calibrationSteps, `cal-${r}`);
  const calibrationPath = writePreset(`cal-${r}`, calibration);
  calibrationFits.push(
    `${calibration.fit.spikes} of ${calibration.fit.points} steps dropped as spikes, scale x${calibration.fit.interferenceScale.toFixed(2)}`,
  );
  const calibrationCost = loadLinearStepProfile(calibrationPath).cost;
  process.stderr.write('test replays (seed 1)...\n');
  const row: Record<PresetKind, Cell>[] = [];
  const testSteps: StepRecord[] = [];
  for (const setting of settings) {
    const { summary: engine, result } = await replay(setting, testRequests, testSeed);
    testSteps.push(...result.steps);
    const own = stepLogPreset(result.steps, `own-${r}`);
    const ownPath = writePreset(`own-${r}-${row.length}`, own);
    const paths: Record<PresetKind, string> = {
      'step log (calibration trace)': calibrationPath,
      'grid profile': gridPath,
      'diagnostic: test run own steps': ownPath,
    };
    const entry = {} as Record<PresetKind, Cell>;
    for (const kind of presetKinds) {
      const cost = loadLinearStepProfile(paths[kind]).cost;
      entry[kind] = {
        engine,
        sim: simulate(setting, paths[kind]),
        busyRatio: modelled(result.steps, cost) / busy(result.steps),
        steps: result.stats.steps,
        decodes: result.stats.decodes,
      };
    }
    row.push(entry);
    const headline = entry['step log (calibration trace)'];
    process.stderr.write(
      `  ${setting.label}: real E2E ${(engine.e2e.mean * 1000).toFixed(0)} ms, sim ${(headline.sim.e2e.mean * 1000).toFixed(0)} ms\n`,
    );
  }
  calibrationDrift.push(modelled(testSteps, calibrationCost) / busy(testSteps));
  cells.push(row);
}
await model.dispose();

const ms = (x: number): string => (x * 1000).toFixed(0);
const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)}%`;
const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
type Metric = (s: RunSummary) => number;
const metrics: readonly [string, Metric][] = [
  ['TTFT mean', (s) => s.ttft.mean],
  ['TTFT p90', (s) => s.ttft.p90],
  ['E2E mean', (s) => s.e2e.mean],
  ['E2E p90', (s) => s.e2e.p90],
];
const cellText = (all: readonly Cell[], metric: Metric): string => {
  const errors = all.map((c) => metric(c.sim) / metric(c.engine) - 1);
  return `${ms(mean(all.map((c) => metric(c.engine))))}: ${errors.map(pct).join(' / ')}`;
};
const lines: string[] = [];
for (const [i, setting] of settings.entries()) {
  for (const kind of presetKinds) {
    const all = cells.map((row) => (row[i] as Record<PresetKind, Cell>)[kind]);
    lines.push(
      `| ${setting.label} | ${kind} | ${metrics.map(([, m]) => cellText(all, m)).join(' | ')} | ${all.map((c) => pct(c.busyRatio - 1)).join(' / ')} |`,
    );
  }
}
const absErrors = (kind: PresetKind, metric: Metric): number[] =>
  cells.flatMap((row) =>
    row.map((entry) => Math.abs(metric(entry[kind].sim) / metric(entry[kind].engine) - 1)),
  );
const summaryLine = (kind: PresetKind): string =>
  metrics
    .map(([name, m]) => {
      const e = absErrors(kind, m);
      return `${name} ${(100 * mean(e)).toFixed(0)}% (max ${(100 * Math.max(...e)).toFixed(0)}%)`;
    })
    .join(', ');
const stepsText = cells
  .map((row) =>
    row.map((e) => `${e['grid profile'].steps}/${e['grid profile'].decodes}`).join(', '),
  )
  .join('; ');
const table = [
  `Command: \`${command}\` (per repeat: grid profile, 3 calibration replays, 3 test replays, back to back; about ${Math.ceil(repeats * 2)} minutes).`,
  '',
  `Test trace \`synthetic:${workload}\`, ${requestsCount} requests at ${rate} req/s, seed ${testSeed}; calibration trace: the`,
  `same generator with seed ${calibrationSeed} (different arrivals and lengths). Engine: generated \`small\` model, ${slots} slots x`,
  `${contextPerSlot} tokens, ${maxBatchedTokens}-token step budget, 1 thread, EOS ignored, greedy. Simulator: the same limits (max`,
  `sequences = ${slots}, one KV block per slot), no prefix cache, oracle lengths.`,
  '',
  `Each cell: mean of the real engine over the ${repeats} repeats (ms), then the simulator's relative error in each`,
  "repeat. Last column: the preset's cost of the test run's own step batches vs their measured iteration time.",
  '',
  '| policy | simulator cost preset | TTFT mean | TTFT p90 | E2E mean | E2E p90 | busy time: preset vs measured |',
  '|---|---|---|---|---|---|---|',
  ...lines,
  '',
  `Mean absolute error over policies and repeats (max): step-log preset: ${summaryLine('step log (calibration trace)')};`,
  `grid profile: ${summaryLine('grid profile')}; diagnostic own-steps preset: ${summaryLine('diagnostic: test run own steps')}.`,
  `Calibration fits per repeat: ${calibrationFits.join('; ')}.`,
  `Calibration preset on all test steps of each repeat: busy time ${calibrationDrift.map((x) => pct(x - 1)).join(' / ')}.`,
  `Real steps / llama_decode calls per test run: ${stepsText}.`,
].join('\n');
process.stdout.write(`${table}\n`);

const file = join(import.meta.dirname, '..', 'docs', 'results.md');
const begin = '<!-- engine:fidelity:begin -->';
const end = '<!-- engine:fidelity:end -->';
writeMarkedSection(file, {
  begin,
  end,
  body: table,
  heading: 'Real engine vs simulator',
  empty: '# Results\n',
});
process.stderr.write(`updated ${file}\n`);
