/**
 * Regenerates the "## Engine simulator: Azure conversation trace" section of docs/results.md:
 * every baseline and sprpt/spjf (oracle, noisy lognormal 0.5 and 1.0) on the whole Azure 2023
 * conversation trace, llama-3-8b on h100 (default cost model), at light, heavy and overloaded
 * rate scales. Writes only between its marker comments.
 *
 *   npx tsx scripts/results-sim.ts [--requests N]
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { writeMarkedSection } from './lib/marked-section.js';

const tracePath = '../shared/data/traces/azure-2023-conv.csv';
const resultsPath = 'docs/results.md';
const begin = '<!-- results-sim:begin -->';
const end = '<!-- results-sim:end -->';
const loads = [
  { label: 'light', rateScale: 1 },
  { label: 'heavy', rateScale: 3 },
  { label: 'overloaded', rateScale: 4.5 },
] as const;
interface SimRun {
  readonly policy: string;
  readonly predictor?: string;
  readonly decodesFirst?: boolean;
  readonly strict?: boolean;
}
const runs: readonly SimRun[] = [
  { policy: 'vllm-fcfs' },
  { policy: 'vllm-priority' },
  { policy: 'sarathi' },
  { policy: 'sglang-lpm' },
  { policy: 'sglang-dfs-weight' },
  { policy: 'predicted-cost', predictor: 'oracle' },
  { policy: 'predicted-cost', predictor: 'noisy:lognormal:0.5' },
  { policy: 'spjf', predictor: 'oracle' },
  { policy: 'spjf', predictor: 'noisy:lognormal:0.5' },
  { policy: 'spjf', predictor: 'noisy:lognormal:1' },
  { policy: 'sprpt', predictor: 'oracle' },
  { policy: 'sprpt', predictor: 'noisy:lognormal:0.5' },
  { policy: 'sprpt', predictor: 'noisy:lognormal:1' },
  { policy: 'sprpt', predictor: 'oracle', strict: true },
  { policy: 'sprpt', predictor: 'oracle', decodesFirst: true },
  { policy: 'sprpt', predictor: 'noisy:lognormal:1', decodesFirst: true },
];

if (!existsSync(tracePath)) {
  console.error(`skipped: ${tracePath} is absent (the shared data folder is needed)`);
  process.exit(0);
}
const requestsArg = process.argv.indexOf('--requests');
const limit = requestsArg > 0 ? Number(process.argv[requestsArg + 1]) : undefined;
const f = (value: number): string =>
  value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
const lines: string[] = [];

interface Row {
  readonly name: string;
  readonly predictor: string;
  readonly summary: RunSummary;
}

/** Computed, not hand-written: which policy wins, and each predicted policy against vllm-fcfs. */
function observations(rows: readonly Row[], base: RunSummary | undefined): string[] {
  if (!base) return [];
  const best = [...rows].sort((a, b) => a.summary.e2e.mean - b.summary.e2e.mean)[0];
  const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
  const out = [
    `Lowest mean E2E: ${best?.name} (${best?.predictor}). Against vllm-fcfs (mean E2E ratio, mean TTFT ratio; < 1 is better):`,
    '',
  ];
  const strict = rows.find((r) => r.name === 'sprpt (strict)' && r.predictor === 'oracle')?.summary;
  const first = rows.find(
    (r) => r.name === 'sprpt (decodes first)' && r.predictor === 'oracle',
  )?.summary;
  if (strict && first) {
    out.unshift(
      `Strict vs decodes-first RankBatch (sprpt, oracle): ${strict.preemptions} vs ${first.preemptions} preemptions (vllm-fcfs ${base.preemptions}), mean TPOT ${f(strict.tpot.mean)} vs ${f(first.tpot.mean)} s, mean E2E ${f(strict.e2e.mean)} vs ${f(first.e2e.mean)} s.`,
      '',
    );
  }
  for (const row of rows) {
    if (row.predictor === '-') continue;
    out.push(
      `- ${row.name} with ${row.predictor}: E2E ${ratio(row.summary.e2e.mean, base.e2e.mean)}, TTFT ${ratio(row.summary.ttft.mean, base.ttft.mean)}, p99 E2E ${ratio(row.summary.e2e.p99, base.e2e.p99)}`,
    );
  }
  return out;
}

for (const load of loads) {
  const rows: Row[] = [];
  let baseline: RunSummary | undefined;
  const requests = readTrace(tracePath, {
    rateScale: load.rateScale,
    ...(limit ? { requests: limit } : {}),
  });
  lines.push(
    `### ${load.label}: rate scale ${load.rateScale} (${(5.53 * load.rateScale).toFixed(1)} req/s offered)`,
    '',
    '| policy | predictor | TTFT mean (s) | TTFT p99 (s) | E2E mean (s) | E2E p99 (s) | TPOT mean (s) | preemptions | completed | wall (s) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const run of runs) {
    const result = runSimulation({
      requests,
      policy: run.policy,
      model: 'llama-3-8b',
      gpu: 'h100',
      seed: 1,
      wallClock: () => performance.now(),
      ...(run.predictor ? { predictor: run.predictor } : {}),
      ...(run.decodesFirst ? { policyOptions: { decodesFirst: true } } : {}),
      ...(run.strict ? { policyOptions: { rankOrder: 'strict' as const } } : {}),
    });
    const s = result.summary;
    const name = run.decodesFirst
      ? `${run.policy} (decodes first)`
      : run.strict
        ? `${run.policy} (strict)`
        : run.policy;
    if (run.policy === 'vllm-fcfs') baseline = s;
    rows.push({ name, predictor: run.predictor ?? '-', summary: s });
    lines.push(
      `| ${name} | ${run.predictor ?? '-'} | ${f(s.ttft.mean)} | ${f(s.ttft.p99)} | ${f(s.e2e.mean)} | ${f(s.e2e.p99)} | ${f(s.tpot.mean)} | ${s.preemptions} | ${s.completed}/${s.requests} | ${s.wallSeconds.toFixed(1)} |`,
    );
    console.error(
      `${load.label} ${run.policy} ${run.predictor ?? ''}: ttft ${f(s.ttft.mean)} e2e ${f(s.e2e.mean)} wall ${s.wallSeconds.toFixed(1)}s`,
    );
  }
  lines.push('', ...observations(rows, baseline), '');
}
const body = [
  '## Engine simulator: Azure conversation trace',
  '',
  `Generated by \`npx tsx scripts/results-sim.ts\`${limit ? ` --requests ${limit}` : ''} (seed 1): ${limit ?? 19366} requests of`,
  '`../shared/data/traces/azure-2023-conv.csv`, llama-3-8b on one H100 (kernel-grounded cost model,',
  '29,2xx KV blocks, 8192-token budget, 1024 max sequences, vLLM-style hashed prefix cache, recompute',
  'preemption). `predicted-cost` is the default predicted scheduler (docs/policies/predicted-cost.md:',
  'aged predicted-cost admission, 2,048-token steps, decodes before prefill chunks). Rank policies run',
  'through rank-batch with the predicted output length under **running-first** admission (the',
  'default since issue 8: running requests keep their tokens, the rank decides admission, memory is',
  'the only reason to preempt); "(strict)" is algorithms.md §0.3\'s strict order (`rankOrder:',
  '\'strict\'`); "(decodes first)" gives every running decode its token, then the budget by rank',
  '(strict order otherwise). Light / heavy / overloaded = rate scale 1 / 3 / 4.5 (one H100 serves',
  'about 18-19 req/s of this trace; the trace is bursty, so "heavy" has queueing episodes while its',
  'mean load is below capacity). The wall column is host time on the shared, loaded 2-core machine.',
  '',
  'Why strict RankBatch SPRPT loses to FCFS under heavy load (read with the computed lines below):',
  'in strict §0.3 order a waiting request with a short predicted output but a long prompt ranks',
  'first, its prefill chunk takes up to the whole 8192-token budget, and every lower-ranked running',
  'decode gets no token that step (PRESERVE: it keeps its KV and waits), so TPOT and E2E grow; its',
  'KV also evicts the lowest-ranked running requests (recompute), which FCFS (running first, new',
  'work only when memory allows) almost never does here. Running-first admission removes both.',
  'Gittins (not in this table) ranks with the predicted',
  'bucket distribution when the predictor gives one (two log-spaced atoms per bucket, see',
  '`src/executor/prediction-distribution.ts`), else with the nine deciles; oracle and noisy',
  'predictors give deciles only. MLFQ runs with supplied service seconds and per-step demotion, but',
  'without push-front requeue or starvation promotion (see src/policies/rank/README.md).',
  'Predictors now `observe` finished requests with the same input they were asked to `predict`',
  '(prompt, group, model, tenant, maxTokens), so online learners learn from the features they use.',
  '',
  ...lines,
].join('\n');
writeMarkedSection(resultsPath, { begin, end, body, empty: '# Results\n' });
console.error(`wrote ${resultsPath}`);
