/**
 * Regenerates the "## SLAI and RAD against Sarathi-Serve (E3)" section of docs/results.md: for
 * each setup (ShareGPT lengths on mistral-7b/a100 and llama-3-8b/h100, Poisson arrivals; the
 * Azure 2023 conversation trace on llama-3-8b/h100, rate-scaled), every policy's capacity under
 * the paper's criterion (median TTFT <= 0.5 s, median scheduling delay <= 2 s, p99 TBT <= the TBT
 * SLO; `llmsched capacity --criterion paper`), then median/p99 TTFT and p99 TBT of every policy at
 * sarathi's capacity load, and output throughput at a saturating load (8x sarathi's capacity) —
 * each as a ratio to sarathi in the same run. Writes only between its marker comments.
 *
 *   npx tsx scripts/results-slai.ts [--requests N] [--azure-requests N] [--tbt SECONDS]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { runSaturated, serviceRateOf } from '../src/cli/commands/capacity.js';
import { type CapacityCriterion, judgeCapacity } from '../src/cli/commands/capacity-criterion.js';
import { searchCapacity } from '../src/cli/commands/capacity-search.js';
import type { SweepPoint, SweepResult } from '../src/cli/commands/sweep-point.js';
import { runSweepPoint } from '../src/cli/commands/sweep-simulation.js';
import { defaultBatchPolicyName } from '../src/policies/batch/default-policy.js';
import type { LoadKind } from '../src/reports/report-input.js';

const resultsPath = 'docs/results.md';
const begin = '<!-- results-slai:begin -->';
const end = '<!-- results-slai:end -->';
const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const requests = arg('--requests', 3000);
const azureRequests = arg('--azure-requests', 5000);
const tbt = arg('--tbt', 0.1);

interface Setup {
  readonly label: string;
  readonly trace: string;
  readonly model: string;
  readonly gpu: string;
  readonly loadKind: LoadKind;
  readonly requests: number;
}
const setups: readonly Setup[] = [
  {
    label: 'ShareGPT lengths, mistral-7b / a100, Poisson',
    trace: '../shared/data/traces/sharegpt-lengths.csv',
    model: 'mistral-7b',
    gpu: 'a100',
    loadKind: 'rate',
    requests,
  },
  {
    label: 'ShareGPT lengths, llama-3-8b / h100, Poisson',
    trace: '../shared/data/traces/sharegpt-lengths.csv',
    model: 'llama-3-8b',
    gpu: 'h100',
    loadKind: 'rate',
    requests,
  },
  {
    label: 'Azure 2023 conversation trace, llama-3-8b / h100, rate-scaled',
    trace: '../shared/data/traces/azure-2023-conv.csv',
    model: 'llama-3-8b',
    gpu: 'h100',
    loadKind: 'rateScale',
    requests: azureRequests,
  },
];

/** The reconstructed SLAI variant: every reconstructed option that changes the schedule. */
const slaiStar = { mergePrefills: 1, offsetUnit: 1, offsetBelow: 2, offsetAbove: 3 };
const runs: readonly { label: string; policy: string; params?: Record<string, number> }[] = [
  { label: 'sarathi', policy: 'sarathi' },
  { label: 'slai', policy: 'slai' },
  { label: 'slai*', policy: 'slai', params: slaiStar },
  { label: 'slai+mergePrefills', policy: 'slai', params: { mergePrefills: 1 } },
  { label: 'rad', policy: 'rad' },
  { label: 'vllm-fcfs', policy: 'vllm-fcfs' },
  { label: defaultBatchPolicyName, policy: defaultBatchPolicyName },
];

if (setups.some((setup) => !existsSync(setup.trace))) {
  console.error('skipped: ../shared/data/traces is absent (the shared data folder is needed)');
  process.exit(0);
}

const criterion = { kind: 'paper', ttftP50: 0.5, delayP50: 2, sloTbt: tbt } as const;
const f = (value: number, digits = 3): string => value.toFixed(digits);
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const lines: string[] = [];
const started = performance.now();

function point(setup: Setup, run: (typeof runs)[number], load: number): SweepPoint {
  return {
    trace: setup.trace,
    format: 'auto',
    model: setup.model,
    gpu: setup.gpu,
    costModel: 'default',
    replicas: 1,
    router: 'round-robin',
    seed: 0,
    requests: setup.requests,
    sloTbt: tbt,
    policy: run.policy,
    ...(run.params ? { params: run.params } : {}),
    loadKind: setup.loadKind,
    load,
  };
}

interface Capacity {
  readonly load: number | undefined;
  readonly text: string;
  readonly reason: string;
  /** Requests per second served with the whole trace arriving at once. */
  readonly serviceRate: number;
  /** Output tokens per second of that saturated run. */
  readonly throughput: number;
}

async function capacityOf(setup: Setup, run: (typeof runs)[number]): Promise<Capacity> {
  const reasons = new Map<number, string>();
  const saturated = runSaturated(point(setup, run, 1));
  const serviceRate = serviceRateOf(saturated);
  const throughput = saturated.summary.throughputTokensPerSecond;
  const stable: CapacityCriterion = { ...criterion, serviceRate };
  const outcome = await searchCapacity(
    (load) => {
      const verdict = judgeCapacity(stable, runSweepPoint(point(setup, run, load)));
      reasons.set(load, verdict.reason);
      return verdict.passed;
    },
    { start: 1, tolerance: 0.02, maxDoublings: 8 },
  );
  const failing = outcome.probes.filter((p) => !p.passed).sort((a, b) => a.load - b.load)[0];
  const reason = failing ? `${reasons.get(failing.load)} at ${failing.load.toPrecision(3)}` : '-';
  const rates = { serviceRate, throughput };
  switch (outcome.kind) {
    case 'found':
      return { load: outcome.load, text: outcome.load.toPrecision(3), reason, ...rates };
    case 'above-range':
      return {
        load: outcome.highest,
        text: `>= ${outcome.highest.toPrecision(3)}`,
        reason,
        ...rates,
      };
    case 'below-range':
      return { load: undefined, text: `< ${outcome.lowest.toPrecision(3)}`, reason, ...rates };
  }
}

for (const setup of setups) {
  const unit = setup.loadKind === 'rate' ? 'req/s' : 'x trace rate';
  lines.push(`### ${setup.label}`, '');
  const capacities = new Map<string, Capacity>();
  for (const run of runs) capacities.set(run.label, await capacityOf(setup, run));
  const base = capacities.get('sarathi')?.load;
  if (base === undefined) {
    lines.push('sarathi meets the criterion at no load tried; no ratios.', '');
    continue;
  }
  const fixed = base;
  const at = new Map<string, SweepResult>();
  for (const run of runs) at.set(run.label, runSweepPoint(point(setup, run, fixed)));
  const b = at.get('sarathi') as SweepResult;
  const bs = capacities.get('sarathi') as Capacity;
  lines.push(
    `${setup.requests} requests, TBT SLO ${tbt} s. Capacity: highest ${unit} with median TTFT <= 0.5 s, median scheduling delay <= 2 s and p99 TBT <= ${tbt} s. Capacity also requires the offered rate to stay at or below the policy's service rate (requests per second served when the whole trace arrives at once; its output tokens per second are the saturated throughput). Latencies at sarathi's capacity (${fixed.toPrecision(3)} ${unit}). Ratios are to sarathi in this run (< 1 is better for latencies, > 1 for capacity and throughput).`,
    '',
    '| policy | capacity | ratio | first failure above | median TTFT s | ratio | p99 TTFT s | ratio | p99 TBT s | ratio | service rate req/s | throughput tok/s (saturated) | ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const run of runs) {
    const c = capacities.get(run.label) as Capacity;
    const r = at.get(run.label) as SweepResult;
    lines.push(
      `| ${run.label} | ${c.text} | ${c.load === undefined ? '-' : ratio(c.load, base)} | ${c.reason} | ${f(r.summary.ttft.p50)} | ${ratio(r.summary.ttft.p50, b.summary.ttft.p50)} | ${f(r.summary.ttft.p99, 2)} | ${ratio(r.summary.ttft.p99, b.summary.ttft.p99)} | ${f(r.tbtP99, 4)} | ${ratio(r.tbtP99, b.tbtP99)} | ${c.serviceRate.toFixed(2)} | ${c.throughput.toFixed(0)} | ${ratio(c.throughput, bs.throughput)} |`,
    );
  }
  lines.push('');
  console.error(`${setup.label}: done at ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
lines.push(
  `slai* = slai with ${Object.entries(slaiStar)
    .map(([k, v]) => `${k}=${v}`)
    .join(
      ', ',
    )} (reconstructed options, docs/policies/slai.md). Generated ${new Date().toISOString().slice(0, 10)} in ${((performance.now() - started) / 1000).toFixed(0)} s wall on a shared 2-core machine (simulated times are unaffected by load).`,
);

const doc = readFileSync(resultsPath, 'utf8');
const block = `${begin}\n${lines.join('\n')}\n${end}`;
const next = doc.includes(begin)
  ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block)
  : `${doc.trimEnd()}\n\n## SLAI and RAD against Sarathi-Serve (E3)\n\nIssue [E3]. Regenerate with \`npx tsx scripts/results-slai.ts\` (tables between the markers).\n\n${block}\n`;
writeFileSync(resultsPath, next);
console.error(`wrote ${resultsPath}`);
