/**
 * Regenerates the "## E1: predicted planners on the engine simulator" section of docs/results.md
 * (issue 8): every ratio against vllm-fcfs measured in the same run.
 *
 *   1. Azure 2023 conversation (llama-3-8b, h100, seed 1) at rate-scales 3, 3.5, 4 with oracle,
 *      noisy:lognormal:0.5 and noisy:lognormal:1.0 predictions: mean and p99 E2E, mean TTFT,
 *      TPOT and normalized latency (E2E / output token), preemptions.
 *   2. The LTR-style burst: 2,000 ShareGPT requests arriving at once, llama-3-8b on a100 (mean
 *      normalized latency, the LTR paper's metric).
 *   3. Trail's c sweep on Azure at rate-scales 3.5 and 4 (noisy:lognormal:0.5), on 2,048-token
 *      steps (its default) and on the engine's 8,192.
 * The Azure tables also run vllm-fcfs and spjf with a 2,048-token engine budget (the default
 * scheduler's step budget), to show how much of its gain is the budget and how much the order.
 * (LTR runs with noisy:lognormal:0.5 only.)
 *
 *   npx tsx scripts/results-e1.ts [--quick] [--parts azure,burst,trail]
 *   (--quick: 4,000 Azure requests, for a smoke run; --parts: the sections to run, default all)
 *
 * Writes only between its marker comments. The real-engine figures are in the "Real engine"
 * section (scripts/results-engine.ts) and in docs/policies/predicted-cost.md.
 */
import { existsSync } from 'node:fs';
import type { SchedRequest } from '../src/core/request.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import type { BatchPolicyOptions } from '../src/policies/batch/batch-policy.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { writeMarkedSection } from './lib/marked-section.js';

interface SimChoice {
  readonly gpu: 'h100' | 'a100';
  readonly predictor?: string | undefined;
  readonly options?: BatchPolicyOptions | undefined;
  /** The engine's token budget per step; the preset's when absent. */
  readonly maxBatchedTokens?: number | undefined;
}

/** One llama-3-8b simulation of `requests` (seed 1); its summary. */
function simulate(
  requests: readonly SchedRequest[],
  policy: string,
  choice: SimChoice,
): RunSummary {
  const { predictor, options, maxBatchedTokens } = choice;
  return runSimulation({
    requests,
    policy,
    model: 'llama-3-8b',
    gpu: choice.gpu,
    seed: 1,
    ...(predictor ? { predictor } : {}),
    ...(options ? { policyOptions: options } : {}),
    ...(maxBatchedTokens ? { limits: { maxBatchedTokens } } : {}),
  }).summary;
}

const azurePath = '../shared/data/traces/azure-2023-conv.csv';
const sharegptPath = '../shared/data/traces/sharegpt-lengths.csv';
const resultsPath = 'docs/results.md';
const begin = '<!-- results-e1:begin -->';
const end = '<!-- results-e1:end -->';
if (!existsSync(azurePath) || !existsSync(sharegptPath)) {
  console.error('skipped: ../shared/data/traces is absent (the shared data folder is needed)');
  process.exit(0);
}
const quick = process.argv.includes('--quick');
const partsArg = process.argv.indexOf('--parts');
/** Sections to run (default all): azure, burst, trail. */
const parts = new Set(
  partsArg > 0 ? (process.argv[partsArg + 1] ?? '').split(',') : ['azure', 'burst', 'trail'],
);
const trailScales = parts.has('azure') ? [3.5, 4] : [3.5];
const azureLimit = quick ? { requests: 4000 } : {};

interface Run {
  readonly label: string;
  readonly policy: string;
  readonly options?: BatchPolicyOptions;
  /** Uses the predictor of the row (absent: the policy reads no prediction). */
  readonly predicted: boolean;
  /** Run with this predictor only (to keep the whole script near 10 minutes). */
  readonly only?: string;
}
const azureRuns: readonly Run[] = [
  { label: 'predicted-cost (default)', policy: 'predicted-cost', predicted: true },
  { label: 'spjf (running-first)', policy: 'spjf', predicted: true },
  {
    label: 'sprpt (strict §0.3)',
    policy: 'sprpt',
    options: { rankOrder: 'strict' },
    predicted: true,
  },
  { label: 'trail', policy: 'trail', predicted: true },
  { label: 'ltr', policy: 'ltr', predicted: true, only: 'noisy:lognormal:0.5' },
];
const predictors = ['oracle', 'noisy:lognormal:0.5', 'noisy:lognormal:1'] as const;
const x = (value: number, base: number): string => (base > 0 ? (value / base).toFixed(2) : 'n/a');
const f = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const lines: string[] = [];
const started = Date.now();

function row(label: string, predictor: string, s: RunSummary, base: RunSummary): string {
  return (
    `| ${label} | ${predictor} | ${x(s.e2e.mean, base.e2e.mean)} | ${x(s.e2e.p99, base.e2e.p99)} | ` +
    `${x(s.ttft.mean, base.ttft.mean)} | ${x(s.tpot.mean, base.tpot.mean)} | ` +
    `${x(s.normalizedLatency.mean, base.normalizedLatency.mean)} | ${s.preemptions} | ${s.completed}/${s.requests} |`
  );
}
const header =
  '| policy | predictor | mean E2E | p99 E2E | mean TTFT | mean TPOT | mean norm. latency | preemptions | completed |\n' +
  '|---|---|---|---|---|---|---|---|---|';
function baseRow(s: RunSummary): string {
  return (
    `| **vllm-fcfs** (absolute) | - | ${f(s.e2e.mean)} s | ${f(s.e2e.p99)} s | ${f(s.ttft.mean)} s | ` +
    `${s.tpot.mean.toFixed(3)} s | ${s.normalizedLatency.mean.toFixed(3)} s/token | ${s.preemptions} | ${s.completed}/${s.requests} |`
  );
}

// 1. Azure conversation
const targets: string[] = [];
for (const scale of parts.has('azure') ? [3, 3.5, 4] : []) {
  const requests = readTrace(azurePath, { seed: 1, rateScale: scale, ...azureLimit });
  const sim = (
    policy: string,
    predictor?: string,
    options?: BatchPolicyOptions,
    maxBatchedTokens?: number,
  ): RunSummary =>
    simulate(requests, policy, { gpu: 'h100', predictor, options, maxBatchedTokens });
  const base = sim('vllm-fcfs');
  lines.push(`### Azure conversation, rate-scale ${scale} (llama-3-8b / h100)`, '', header);
  lines.push(baseRow(base));
  const fast = sim('fastserve');
  lines.push(row('fastserve (no predictor)', '-', fast, base));
  // the step budget's share of the gain: the baselines on predicted-cost's 2,048-token steps
  lines.push(
    row('vllm-fcfs, engine budget 2,048', '-', sim('vllm-fcfs', undefined, undefined, 2048), base),
  );
  const spjf2048 = sim('spjf', 'noisy:lognormal:0.5', undefined, 2048);
  lines.push(row('spjf, engine budget 2,048', 'noisy:lognormal:0.5', spjf2048, base));
  for (const predictor of predictors) {
    const means: Record<string, RunSummary> = {};
    for (const run of azureRuns) {
      if (run.only !== undefined && run.only !== predictor) continue;
      const s = sim(run.policy, predictor, run.options);
      means[run.policy] = s;
      lines.push(row(run.label, predictor, s, base));
      process.stderr.write(
        `azure ${scale} ${run.label} ${predictor}: ${x(s.e2e.mean, base.e2e.mean)}\n`,
      );
    }
    if (predictor === 'noisy:lognormal:0.5' && scale >= 3.5) {
      const pc = means['predicted-cost'] as RunSummary;
      const trail = means['trail'] as RunSummary;
      const spjf = means['spjf'] as RunSummary;
      targets.push(
        `| rate-scale ${scale}: predicted-cost mean E2E <= 0.70x, p99 <= 1.0x | ${x(pc.e2e.mean, base.e2e.mean)}x / ${x(pc.e2e.p99, base.e2e.p99)}x | ${pc.e2e.mean <= 0.7 * base.e2e.mean && pc.e2e.p99 <= base.e2e.p99 ? 'met' : 'not met'} |`,
        `| rate-scale ${scale}: trail mean E2E below vllm-fcfs and spjf | trail ${x(trail.e2e.mean, base.e2e.mean)}x, spjf ${x(spjf.e2e.mean, base.e2e.mean)}x | ${trail.e2e.mean < base.e2e.mean && trail.e2e.mean < spjf.e2e.mean ? 'met' : 'not met'} |`,
        `| rate-scale ${scale}: the same, spjf on trail's 2,048-token steps | trail ${x(trail.e2e.mean, base.e2e.mean)}x, spjf ${x(spjf2048.e2e.mean, base.e2e.mean)}x | ${trail.e2e.mean < spjf2048.e2e.mean ? 'met' : 'not met'} |`,
      );
    }
  }
  lines.push('');
}

// 2. LTR-style burst
if (parts.has('burst')) {
  const requests = readTrace(sharegptPath, { seed: 1, requests: 2000, rate: 1e6 });
  const sim = (policy: string, predictor?: string, options?: BatchPolicyOptions): RunSummary =>
    simulate(requests, policy, { gpu: 'a100', predictor, options });
  const base = sim('vllm-fcfs');
  lines.push(
    '### LTR-style burst: 2,000 ShareGPT requests at once (llama-3-8b / a100)',
    '',
    header,
    baseRow(base),
    row('fastserve (no predictor)', '-', sim('fastserve'), base),
  );
  let best = Number.POSITIVE_INFINITY;
  let bestLabel = '';
  for (const predictor of predictors) {
    for (const run of azureRuns) {
      if (run.only !== undefined && run.only !== predictor) continue;
      const s = sim(run.policy, predictor, run.options);
      lines.push(row(run.label, predictor, s, base));
      if (predictor !== 'oracle' && s.normalizedLatency.mean < best) {
        best = s.normalizedLatency.mean;
        bestLabel = `${run.label}, ${predictor}`;
      }
    }
  }
  targets.push(
    `| LTR burst: best predicted (non-oracle) policy's mean normalized latency <= 0.4x | ${x(best, base.normalizedLatency.mean)}x (${bestLabel}) | ${best <= 0.4 * base.normalizedLatency.mean ? 'met' : 'not met'} |`,
  );
  lines.push('');
}

// 3. Trail's c sweep
if (parts.has('trail'))
  lines.push(
    "### Trail's c sweep (Azure conversation, noisy:lognormal:0.5)",
    '',
    '| rate-scale | stepTokens | c | mean E2E | p99 E2E | mean TPOT | preemptions |',
    '|---|---|---|---|---|---|---|',
  );
for (const scale of parts.has('trail') ? trailScales : []) {
  const requests = readTrace(azurePath, { seed: 1, rateScale: scale, ...azureLimit });
  const sim = (policy: string, options?: BatchPolicyOptions, predictor?: string): RunSummary =>
    simulate(requests, policy, { gpu: 'h100', predictor, options });
  const base = sim('vllm-fcfs');
  for (const stepTokens of [2048, 0]) {
    for (const c of [0, 0.2, 0.5, 0.8, 1]) {
      const s = sim('trail', { params: { c, stepTokens } }, 'noisy:lognormal:0.5');
      lines.push(
        `| ${scale} | ${stepTokens === 0 ? 'engine (8,192)' : stepTokens} | ${c} | ${x(s.e2e.mean, base.e2e.mean)} | ${x(s.e2e.p99, base.e2e.p99)} | ${x(s.tpot.mean, base.tpot.mean)} | ${s.preemptions} |`,
      );
      process.stderr.write(
        `trail c=${c} steps ${stepTokens} @ ${scale}: ${x(s.e2e.mean, base.e2e.mean)}\n`,
      );
    }
  }
}
lines.push('');

const minutes = ((Date.now() - started) / 60_000).toFixed(1);
const body = [
  '## E1: predicted planners on the engine simulator',
  '',
  `Regenerate: \`npx tsx scripts/results-e1.ts\` (this run: \`--parts ${[...parts].join(',')}\`, ${minutes} min on the shared 2-core machine${quick ? '; --quick: 4,000 Azure requests' : ''}). ` +
    (parts.has('azure')
      ? ''
      : 'The Azure tables were not regenerated in this run: their figures, from the same code and commands, are in docs/policies/predicted-cost.md and trail.md. ') +
    'Ratios are against vllm-fcfs in the same run (< 1 is better); simulated time, so machine load does not change them. ' +
    '`predicted-cost` (the default) and `trail` run 2,048-token steps (`stepTokens`, decodes before prefill chunks); the rows "engine budget 2,048" give vllm-fcfs and spjf the same step budget, to separate the budget\'s share of the gain from the order\'s (docs/policies/predicted-cost.md, "The step budget"). ' +
    'Policy pages: [docs/policies/](policies/README.md).',
  '',
  '### Targets (issue 8)',
  '',
  '| target | measured | |',
  '|---|---|---|',
  ...targets,
  '',
  ...lines,
].join('\n');
writeMarkedSection(resultsPath, { begin, end, body });
console.log(body);
