/**
 * Regenerates the "## Real engine vs simulator" section of docs/results.md (between the
 * `engine:fidelity` markers): the simulator, given the cost preset `llmsched engine profile`
 * measures on this machine, against the real llama.cpp engine replaying the same trace with the
 * same limits (slots = max sequences = KV blocks of one slot each, step budget, chunk cap).
 *
 *   npx tsx scripts/results-engine.ts [--requests 30] [--rate 1.5]
 *
 * Steps: profile the `small` generated model (same slots and context as the runs) -> write the
 * linear-step preset to a temp file -> for each policy: real replay, then `runSimulation` with that
 * preset -> table of mean / p90 TTFT and E2E and their relative error.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openModel } from '../src/engines/local/llama-runtime.js';
import { resolveModelPath } from '../src/engines/local/model-source.js';
import { predictorFromSpec } from '../src/engines/local/predicted-size.js';
import { profileEngine } from '../src/engines/local/profile-engine.js';
import { runEngineReplay } from '../src/engines/local/run-replay.js';
import { SystemClock } from '../src/engines/system-clock.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { loadLinearStepProfile } from '../src/sim/cost/linear-step-cost.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '30' },
    rate: { type: 'string', default: '1.5' },
  },
});
const requestsCount = Number(values.requests);
const rate = Number(values.rate);
const slots = 2;
const contextPerSlot = 1024;
const maxBatchedTokens = 256;
const workload = 'bursty:shortPrompt=32,shortOutput=16,longPrompt=256,longOutput=128';
const command = `npx tsx scripts/results-engine.ts --requests ${requestsCount} --rate ${rate}`;

interface Setting {
  readonly label: string;
  readonly policy: string;
  readonly chunkCap: number;
}
const settings: readonly Setting[] = [
  { label: 'vllm-fcfs', policy: 'vllm-fcfs', chunkCap: 0 },
  { label: 'sprpt (oracle)', policy: 'sprpt', chunkCap: 0 },
  { label: 'vllm-fcfs, chunked prefill 64', policy: 'vllm-fcfs', chunkCap: 64 },
];

const requests = readTrace(`synthetic:${workload}`, { rate, requests: requestsCount, seed: 1 });
const path = resolveModelPath({ kind: 'preset', preset: 'small', seed: 1 });
const { model, facts } = await openModel(path);
process.stderr.write('profiling this machine...\n');
const preset = await profileEngine({
  model,
  facts,
  clock: new SystemClock(),
  maxBatch: slots,
  maxContext: contextPerSlot,
  repeats: 5,
  threads: 1,
});
const presetPath = join(mkdtempSync(join(tmpdir(), 'llmsched-profile-')), 'cpu-small.json');
writeFileSync(presetPath, JSON.stringify(preset, null, 2));
const cost = loadLinearStepProfile(presetPath).cost;

interface Row {
  readonly setting: Setting;
  readonly engine: RunSummary;
  readonly sim: RunSummary;
  readonly decodes: number;
  readonly steps: number;
  /** Engine busy seconds measured, and the preset's cost of the very same step batches. */
  readonly busy: number;
  readonly modelledBusy: number;
  /** The simulator with the preset scaled by measured / modelled busy time of this run. */
  readonly scaledSim: RunSummary;
}
const rows: Row[] = [];
for (const setting of settings) {
  const { summary: engine, result } = await runEngineReplay({
    model,
    facts,
    clock: new SystemClock(),
    policy: setting.policy,
    requests,
    predict: predictorFromSpec('oracle', 1),
    oracle: true,
    slots,
    contextPerSlot,
    maxBatchedTokens,
    chunkCap: setting.chunkCap,
    threads: 1,
    seed: 1,
  });
  const busy = result.steps.reduce((sum, step) => sum + step.seconds, 0);
  const modelledBusy = result.steps.reduce((sum, step) => sum + cost.stepSeconds(step), 0);
  const factor = busy / modelledBusy;
  const scaledPath = presetPath.replace('.json', `-${rows.length}.json`);
  const scaledCoefficients = Object.fromEntries(
    Object.entries(preset.coefficients).map(([k, v]) => [k, (v ?? 0) * factor]),
  );
  writeFileSync(scaledPath, JSON.stringify({ ...preset, coefficients: scaledCoefficients }));
  const simulate = (costModel: string): RunSummary =>
    runSimulation({
      requests,
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
  const sim = simulate(presetPath);
  const scaledSim = simulate(scaledPath);
  rows.push({
    setting,
    engine,
    sim,
    decodes: result.stats.decodes,
    steps: result.stats.steps,
    busy,
    modelledBusy,
    scaledSim,
  });
  process.stderr.write(
    `${setting.label}: engine E2E ${(engine.e2e.mean * 1000).toFixed(0)} ms, sim ${(sim.e2e.mean * 1000).toFixed(0)} ms\n`,
  );
}
await model.dispose();

const ms = (x: number): string => (x * 1000).toFixed(0);
const err = (sim: number, real: number): string => `${(((sim - real) / real) * 100).toFixed(0)}%`;
const c = preset.coefficients;
const table = [
  `Command: \`${command}\` (profiles this machine, then runs both; about 3 minutes).`,
  '',
  `Trace \`synthetic:${workload}\`, ${requestsCount} requests at ${rate} req/s (seed 1). Engine: generated`,
  `\`small\` model, ${slots} slots x ${contextPerSlot} tokens, ${maxBatchedTokens}-token step budget, 1 thread, EOS ignored.`,
  `Simulator: the same limits (max sequences = ${slots}, one KV block per slot), no prefix cache, and the`,
  `linear-step preset just measured (fit RMS relative error ${(100 * preset.fit.rmsRelativeError).toFixed(0)}% over ${preset.fit.points} grid points):`,
  `base ${(1000 * (c.base ?? 0)).toFixed(2)} ms, ${(1000 * (c.perPrefillToken ?? 0)).toFixed(3)} ms/prefill token,`,
  `${(1000 * (c.perDecodeToken ?? 0)).toFixed(2)} ms/decode, ${(1e6 * (c.perDecodeContextToken ?? 0)).toFixed(2)} µs/decode context token,`,
  `${(1e6 * (c.perPrefillAttention ?? 0)).toFixed(3)} µs per unit of prefill attention, ${(1000 * (c.perSequence ?? 0)).toFixed(2)} ms/sequence.`,
  '',
  'Times in ms, "sim / real (relative error of the simulator)". The last column isolates the cost model: the',
  "preset's time for the real run's own step batches vs the measured busy time of those steps.",
  '',
  '| policy | simulator preset | TTFT mean | TTFT p90 | E2E mean | E2E p90 | real steps (llama_decode calls) | busy s: preset on real batches / measured (err) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.flatMap(({ setting, engine: e, sim, scaledSim, steps, decodes, busy, modelledBusy }) =>
    [
      { s: sim, label: 'as profiled', scaled: false },
      {
        s: scaledSim,
        label: `x${(busy / modelledBusy).toFixed(2)} (this run's load)`,
        scaled: true,
      },
    ].map(({ s, label, scaled }) =>
      [
        setting.label,
        label,
        `${ms(s.ttft.mean)} / ${ms(e.ttft.mean)} (${err(s.ttft.mean, e.ttft.mean)})`,
        `${ms(s.ttft.p90)} / ${ms(e.ttft.p90)} (${err(s.ttft.p90, e.ttft.p90)})`,
        `${ms(s.e2e.mean)} / ${ms(e.e2e.mean)} (${err(s.e2e.mean, e.e2e.mean)})`,
        `${ms(s.e2e.p90)} / ${ms(e.e2e.p90)} (${err(s.e2e.p90, e.e2e.p90)})`,
        `${steps} (${decodes})`,
        scaled
          ? ''
          : `${modelledBusy.toFixed(2)} / ${busy.toFixed(2)} (${err(modelledBusy, busy)})`,
      ]
        .join(' | ')
        .replace(/^/, '| ')
        .concat(' |'),
    ),
  ),
].join('\n');
process.stdout.write(`${table}\n`);

const file = join(import.meta.dirname, '..', 'docs', 'results.md');
const begin = '<!-- engine:fidelity:begin -->';
const end = '<!-- engine:fidelity:end -->';
let doc = existsSync(file) ? readFileSync(file, 'utf8') : '# Results\n';
if (!doc.includes(begin))
  doc = `${doc.trimEnd()}\n\n## Real engine vs simulator\n\n${begin}\n${end}\n`;
const head = doc.slice(0, doc.indexOf(begin) + begin.length);
const tail = doc.slice(doc.indexOf(end));
writeFileSync(file, `${head}\n${table}\n${tail}`);
process.stderr.write(`updated ${file}\n`);
