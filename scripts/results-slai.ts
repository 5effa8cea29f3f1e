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
 *
 * `--paper [--setup I]` instead regenerates "SLAI against Sarathi-Serve in the paper's setup": the
 * reference harness's values (TBT SLO 0.2 s, sarathi chunk 512 = SLAI's token budget, median TTFT
 * <= 0.5 s), ShareGPT on mistral-7b with four cost models (default and tiled on the A100; roofline
 * on the L40S, the same AD102 chip as the paper's RTX 6000 Ada; a linear-step preset fitted to the
 * authors' own batch times on that GPU), sarathi / slai / slai* / slai*+budget / rad, the
 * bound a perfect SPF policy could reach (its service rate over sarathi's capacity), and the step
 * cost per token against the tokens in a step. `--setup I` runs one setup (0-3) and rewrites only
 * its block, so the three can run as parallel processes. Each paper block also has a second table:
 * every policy's capacity under the steady-state stability guard (`llmsched capacity --stability
 * steady`, capacity-stability.ts) next to the saturated service-rate guard of the first table.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { performance as perf } from 'node:perf_hooks';
import { type CapacityCriterion, judgeCapacity } from '../src/cli/commands/capacity-criterion.js';
import { searchCapacity } from '../src/cli/commands/capacity-search.js';
import { type BacklogTrend, defaultSteadyLimits } from '../src/cli/commands/capacity-stability.js';
import { policyOptionsOf } from '../src/cli/commands/sweep-flags.js';
import type { SweepPoint, SweepResult } from '../src/cli/commands/sweep-point.js';
import { readSweepTrace, runSweepPoint } from '../src/cli/commands/sweep-simulation.js';
import { defaultBatchPolicyName } from '../src/policies/batch/default-policy.js';
import type { LoadKind } from '../src/reports/report-input.js';
import { createEngineProfile } from '../src/sim/cost/engine-profiles.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import {
  harnessRequests,
  harnessSeconds,
  referenceHarnessCapacity,
} from './lib/slai-reference-harness.js';

const resultsPath = 'docs/results.md';
const arg = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(name);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const paper = process.argv.includes('--paper');
const onlySetup = process.argv.includes('--setup') ? arg('--setup', 0) : undefined;
const requests = arg('--requests', paper ? 2000 : 3000);
const azureRequests = arg('--azure-requests', 5000);
const tbt = arg('--tbt', paper ? 0.2 : 0.1);
const marker = (name: string) => [`<!-- ${name}:begin -->`, `<!-- ${name}:end -->`] as const;

interface Setup {
  readonly label: string;
  readonly trace: string;
  readonly model: string;
  readonly gpu: string;
  readonly loadKind: LoadKind;
  readonly requests: number;
  readonly costModel?: string;
}
const sharegpt = '../shared/data/traces/sharegpt-lengths.csv';
/** The paper's GPU (scripts/presets/mistral-7b-rtx6000ada.json says how it was fitted). */
const rtx6000ada = 'scripts/presets/mistral-7b-rtx6000ada.json';
const paperSetups: readonly Setup[] = [
  ['a100', 'default', 'kernel-grounded default cost model'],
  ['a100', 'tiled', 'tiled cost model (Vidur T_lin at every sampled N: GEMM tile steps)'],
  ['l40s', 'roofline', 'roofline cost model; the L40S is the RTX 6000 Ada chip'],
  [
    'rtx6000ada',
    rtx6000ada,
    "linear-step cost fitted to the SLAI authors' own batch times on their RTX 6000 Ada",
  ],
].map(([gpu, costModel, what]) => ({
  label: `ShareGPT lengths, mistral-7b / ${gpu}, ${what}, Poisson`,
  trace: sharegpt,
  model: 'mistral-7b',
  gpu: gpu === 'rtx6000ada' ? 'l40s' : (gpu as string),
  costModel: costModel as string,
  loadKind: 'rate' as const,
  requests,
}));
const e3Setups: readonly Setup[] = [
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
const setups = paper ? paperSetups : e3Setups;

/** The reconstructed SLAI variant: every reconstructed option that changes the schedule. */
const slaiStar = {
  mergePrefills: 1,
  offsetUnit: 1,
  offsetBelow: 2,
  offsetAbove: 3,
  slotPressure: 1,
};
/** SLAI's dynamic token budget with its margin (reconstructed; slai-budget.ts). */
const slaiBudget = { dynamicBudget: 1, safeBudget: 1 };
/** slai+ (session 7; docs/policies/slai.md): quarter-step margin, merged prefills, aging. */
const slaiPlus = { ...slaiBudget, safeMargin: 0.25, mergePrefills: 1, maxWait: 1000 };
type Run = {
  label: string;
  policy: string;
  params?: Record<string, number>;
  /** Token budget (sarathi's chunk size; rad's and slai's budget) when not 512. */
  chunkSize?: number;
  /** A context row: not searched under the reference harness. */
  context?: true;
};
const e3Runs: readonly Run[] = [
  { label: 'sarathi', policy: 'sarathi' },
  { label: 'slai', policy: 'slai' },
  { label: 'slai*', policy: 'slai', params: slaiStar },
  { label: 'slai+mergePrefills', policy: 'slai', params: { mergePrefills: 1 } },
  { label: 'rad', policy: 'rad' },
  { label: 'vllm-fcfs', policy: 'vllm-fcfs' },
  { label: defaultBatchPolicyName, policy: defaultBatchPolicyName },
];
const paperRuns: readonly Run[] = [
  { label: 'sarathi', policy: 'sarathi' },
  { label: 'slai', policy: 'slai' },
  { label: 'slai*', policy: 'slai', params: slaiStar },
  { label: 'slai*+budget', policy: 'slai', params: { ...slaiStar, ...slaiBudget } },
  { label: 'rad', policy: 'rad' },
  // Sarathi-Serve's own budget rule (the largest token budget whose step meets the TBT SLO; 2048
  // on the RTX preset at TBT 0.2 s): context rows, as a ratio to sarathi at 512 like every row
  { label: 'sarathi (budget 2048)', policy: 'sarathi', chunkSize: 2048, context: true },
  { label: 'rad (budget 2048)', policy: 'rad', chunkSize: 2048, context: true },
];
const runs = paper ? paperRuns : e3Runs;
/** The steady-guard table of a paper block: every paper row, slai+budget and the other E3 policies. */
const steadyRuns: readonly Run[] = [
  ...paperRuns,
  { label: 'slai+budget', policy: 'slai', params: slaiBudget, context: true },
  { label: 'slai+', policy: 'slai', params: slaiPlus, context: true },
  { label: 'vllm-fcfs', policy: 'vllm-fcfs', context: true },
  { label: defaultBatchPolicyName, policy: defaultBatchPolicyName, context: true },
];
/**
 * Relative width of the capacity search's final bracket. 0.02 from a start of 1 leaves a grid of
 * 1/64 req/s (1.6% near 1.6 req/s, so a ratio of two capacities is uncertain by up to ~3%); the
 * paper setup uses 0.005 (1/256 req/s).
 */
const tolerance = arg('--tolerance', paper ? 0.005 : 0.02);

if (setups.some((setup) => !existsSync(setup.trace))) {
  console.error('skipped: ../shared/data/traces is absent (the shared data folder is needed)');
  process.exit(0);
}

const criterion = { kind: 'paper', ttftP50: 0.5, delayP50: 2, sloTbt: tbt } as const;
const f = (value: number, digits = 3): string => value.toFixed(digits);
const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const started = performance.now();

function point(setup: Setup, run: (typeof runs)[number], load: number): SweepPoint {
  return {
    trace: setup.trace,
    format: 'auto',
    model: setup.model,
    gpu: setup.gpu,
    costModel: setup.costModel ?? 'default',
    replicas: 1,
    router: 'round-robin',
    seed: 0,
    requests: setup.requests,
    sloTbt: tbt,
    policy: run.policy,
    ...(run.params ? { params: run.params } : {}),
    ...(run.chunkSize === undefined ? {} : { chunkSize: run.chunkSize }),
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
  /** Prompt + output tokens per second of its steps run while some request waits. */
  readonly backlogged: number;
  /** The backlog trend of the run at the capacity load (undefined: no load passed). */
  readonly backlog: BacklogTrend | undefined;
}

/** The runSimulation options every direct E3 run shares (the requests and hooks are each run's own). */
function simulationOptionsOf(at: SweepPoint) {
  return {
    policy: at.policy,
    model: at.model,
    gpu: at.gpu,
    costModel: at.costModel,
    seed: at.seed,
    wallClock: () => perf.now(),
    policyOptions: policyOptionsOf(at),
    sloTbt: tbt,
  };
}

/**
 * The whole trace at once (rate 1e6 req/s or rate scale 1e4): requests served per second
 * (completed / duration, as `llmsched capacity`'s service rate), output tokens per second, and the
 * prompt + output tokens per second of the steps run while some request still waits: the
 * saturation throughput without the drain at the end of a finite run (its last requests decode in
 * small batches, and which requests come last depends on the order).
 */
function saturate(setup: Setup, run: Run) {
  const at = point(setup, run, setup.loadKind === 'rate' ? 1e6 : 1e4);
  let busy = 0;
  let tokens = 0;
  let last: { now: number; tokens: number } | undefined;
  const result = runSimulation({
    requests: readSweepTrace(at),
    ...simulationOptionsOf(at),
    onPlan: (_replica, view, plan) => {
      if (last !== undefined) {
        busy += view.now - last.now;
        tokens += last.tokens;
      }
      const waits = view.requests.some((seq) => seq.state !== 'running');
      let sum = 0;
      for (const entry of plan.scheduled) sum += entry.tokens;
      last = waits ? { now: view.now, tokens: sum } : undefined;
    },
  });
  const { summary } = result;
  return {
    serviceRate: summary.durationSeconds > 0 ? summary.completed / summary.durationSeconds : 0,
    throughput: summary.throughputTokensPerSecond,
    backlogged: busy > 0 ? tokens / busy : 0,
  };
}

/** The reference harness (scripts/lib/slai-reference-harness.ts) for one run of a setup. */
function harnessCapacity(setup: Setup, run: Run) {
  return referenceHarnessCapacity({
    readAt: (rate, count) => readSweepTrace({ ...point(setup, run, rate), requests: count }),
    simulate: (requests) =>
      runSimulation({
        requests,
        ...simulationOptionsOf(point(setup, run, 1)),
        keepTokenTimes: true,
      }).records,
    ttftP50: criterion.ttftP50,
    delayP50: criterion.delayP50,
    tbt,
  });
}

/**
 * Capacity of `run` under the paper criterion with a stability guard: `burst` (offered rate <= the
 * service rate with the whole trace at once) or `steady` (the probe's own backlog trend).
 */
async function capacityOf(
  setup: Setup,
  run: Run,
  guard: 'burst' | 'steady' = 'burst',
): Promise<Capacity> {
  const reasons = new Map<number, string>();
  const backlogs = new Map<number, BacklogTrend>();
  const { serviceRate, throughput, backlogged } = saturate(setup, run);
  const stable: CapacityCriterion =
    guard === 'burst'
      ? { ...criterion, serviceRate }
      : { ...criterion, steady: defaultSteadyLimits };
  const outcome = await searchCapacity(
    (load) => {
      const result = runSweepPoint(point(setup, run, load));
      const verdict = judgeCapacity(stable, result);
      reasons.set(load, verdict.reason);
      backlogs.set(load, result.backlog);
      return verdict.passed;
    },
    { start: 1, tolerance, maxDoublings: 8 },
  );
  const failing = outcome.probes.filter((p) => !p.passed).sort((a, b) => a.load - b.load)[0];
  const reason = failing ? `${reasons.get(failing.load)} at ${failing.load.toPrecision(3)}` : '-';
  const rates = { serviceRate, throughput, backlogged };
  const load =
    outcome.kind === 'found'
      ? outcome.load
      : outcome.kind === 'above-range'
        ? outcome.highest
        : undefined;
  const text =
    outcome.kind === 'below-range'
      ? `< ${outcome.lowest.toPrecision(3)}`
      : `${outcome.kind === 'above-range' ? '>= ' : ''}${(load as number).toPrecision(3)}`;
  const backlog = load === undefined ? undefined : backlogs.get(load);
  return { load, text, reason, ...rates, backlog };
}

/** Per-token step cost (µs) at N tokens of prefill in one step, context 0: is a bigger step cheaper? */
function stepCostLine(setup: Setup): string {
  const { cost } = createEngineProfile({
    model: setup.model,
    gpu: setup.gpu,
    costModel: setup.costModel ?? 'default',
  });
  const at = [128, 256, 512, 576, 1024, 2048].map((n) => {
    const t = cost.stepSeconds({
      prefillSeqs: 1,
      prefillTokens: n,
      prefillAttention: 0,
      decodeSeqs: 0,
      decodeContext: 0,
    });
    return `${n}: ${(t * 1000).toFixed(1)} ms (${((t / n) * 1e6).toFixed(1)} µs/token)`;
  });
  return `Step time of one prefill chunk (no attention context) by tokens in the step: ${at.join(', ')}.`;
}

const blocks: { index: number; lines: string[] }[] = [];
for (const [index, setup] of setups.entries()) {
  if (onlySetup !== undefined && index !== onlySetup) continue;
  const lines: string[] = [];
  blocks.push({ index, lines });
  const unit = setup.loadKind === 'rate' ? 'req/s' : 'x trace rate';
  lines.push(`### ${setup.label}`, '');
  const capacities = new Map<string, Capacity>();
  for (const run of runs) capacities.set(run.label, await capacityOf(setup, run));
  const harness = new Map<string, { load: number; above: boolean; done: number }>();
  if (paper)
    for (const run of runs)
      if (!run.context) harness.set(run.label, await harnessCapacity(setup, run));
  const base = capacities.get('sarathi')?.load;
  if (base === undefined) {
    lines.push('sarathi meets the criterion at no load tried; no ratios.', '');
    continue;
  }
  const fixed = base;
  const at = new Map<string, SweepResult>();
  for (const run of runs) at.set(run.label, runSweepPoint(point(setup, run, fixed)));
  const b = at.get('sarathi') as SweepResult;
  const hb = harness.get('sarathi')?.load ?? 0;
  const harnessCells = (label: string): string => {
    const h = harness.get(label);
    return h === undefined
      ? paper
        ? ' - | - | - |'
        : ''
      : ` ${h.above ? '>= ' : ''}${h.load.toPrecision(3)} | ${h.above ? '>= ' : ''}${ratio(h.load, hb)} | ${(100 * h.done).toFixed(1)}% |`;
  };
  const bs = capacities.get('sarathi') as Capacity;
  lines.push(
    `${setup.requests} requests, TBT SLO ${tbt} s, token budget 512 for every policy${paper ? ' but the two "(budget 2048)" context rows' : ''}. Capacity (binary search to ${(100 * tolerance).toFixed(1)}% relative): highest ${unit} with median TTFT <= 0.5 s, median scheduling delay <= 2 s and p99 TBT <= ${tbt} s. Capacity also requires the offered rate to stay at or below the policy's service rate (requests per second served when the whole trace arrives at once; its output tokens per second are the saturated throughput). Latencies at sarathi's capacity (${fixed.toPrecision(3)} ${unit}). Ratios are to sarathi in this run (< 1 is better for latencies, > 1 for capacity and throughput).`,
    '',
    ...(paper ? [stepCostLine(setup), ''] : []),
    ...(paper
      ? [
          `"Reference harness" is the capacity as agrimUT/SLAI's capacity search measures it: Poisson arrivals of up to ${harnessRequests} requests, the run stopped after ${harnessSeconds / 60} minutes, median TTFT and median scheduling delay over the requests completed by then (requests still queued are not counted), p99 TBT over the window's token gaps; "done" is the share of the arrived requests completed in the window at that load. It has no service-rate guard.`,
          '',
        ]
      : []),
    `"Backlogged tok/s" is prompt + output tokens per second over the steps run while some request still waits, with the whole trace arriving at once: the saturation throughput without the drain at the end of a finite run.`,
    '',
    `| policy | capacity | ratio | first failure above | median TTFT s | ratio | p99 TTFT s | ratio | p99 TBT s | ratio | service rate req/s | bound: service rate / sarathi capacity | throughput tok/s (saturated) | ratio | backlogged tok/s | ratio |${paper ? ' reference harness capacity | ratio | done |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|${paper ? '---|---|---|' : ''}`,
  );
  for (const run of runs) {
    const c = capacities.get(run.label) as Capacity;
    const r = at.get(run.label) as SweepResult;
    lines.push(
      `| ${run.label} | ${c.text} | ${c.load === undefined ? '-' : ratio(c.load, base)} | ${c.reason} | ${f(r.summary.ttft.p50)} | ${ratio(r.summary.ttft.p50, b.summary.ttft.p50)} | ${f(r.summary.ttft.p99, 2)} | ${ratio(r.summary.ttft.p99, b.summary.ttft.p99)} | ${f(r.tbtP99, 4)} | ${ratio(r.tbtP99, b.tbtP99)} | ${c.serviceRate.toFixed(2)} | ${ratio(c.serviceRate, base)} | ${c.throughput.toFixed(0)} | ${ratio(c.throughput, bs.throughput)} | ${c.backlogged.toFixed(0)} | ${ratio(c.backlogged, bs.backlogged)} |${harnessCells(run.label)}`,
    );
  }
  lines.push('');
  if (paper) lines.push(...(await steadyTable(setup, capacities, base)), '');
  console.error(`${setup.label}: done at ${((performance.now() - started) / 1000).toFixed(0)} s`);
}
/**
 * The paper block's second table: every policy's capacity under the steady-state guard, as a ratio
 * to sarathi's under the same guard, next to the burst-guard capacity of the first table.
 */
async function steadyTable(
  setup: Setup,
  burst: ReadonlyMap<string, Capacity>,
  burstBase: number,
): Promise<string[]> {
  const steady = new Map<string, Capacity>();
  const burstOf = new Map(burst);
  for (const run of steadyRuns) {
    steady.set(run.label, await capacityOf(setup, run, 'steady'));
    if (!burstOf.has(run.label)) burstOf.set(run.label, await capacityOf(setup, run, 'burst'));
  }
  const base = steady.get('sarathi')?.load ?? 0;
  const pct = (x: number | undefined, digits = 1) =>
    x === undefined ? '-' : `${(100 * x).toFixed(digits)}%`;
  const rows = steadyRuns.map((run) => {
    const c = steady.get(run.label) as Capacity;
    const b = burstOf.get(run.label);
    const burstCells =
      b === undefined
        ? `- | - |`
        : `${b.text} | ${b.load === undefined ? '-' : ratio(b.load, burstBase)} |`;
    return `| ${run.label} | ${c.text} | ${c.load === undefined ? '-' : ratio(c.load, base)} | ${c.reason} | ${pct(c.backlog?.growth)} | ${c.backlog === undefined ? '-' : `${c.backlog.maxDelay.toFixed(0)} s (${pct(c.backlog.maxDelayShare, 0)})`} | ${burstCells}`;
  });
  return [
    `Capacity under the steady-state stability guard (\`llmsched capacity --stability steady\`, ours: docs/policies/slai.md) instead of the service-rate guard: the same criterion limits, and the probe's own run must show a bounded queue: the work in the system (prompt + output tokens of unfinished requests) averaged over the last third of the arrival window at most ${100 * defaultSteadyLimits.growth}% of a third's offered work above its middle-third average ("growth"), and no request waiting to be scheduled longer than ${100 * defaultSteadyLimits.maxDelayShare}% of the arrival window ("longest wait"). Both at the capacity load. Ratios are to sarathi under the same guard; the last two columns are the service-rate-guard capacity (the table above's, or searched here for the rows it lacks), as a ratio to sarathi's there.`,
    '',
    '| policy | capacity (steady guard) | ratio | first failure above | growth | longest wait (share of window) | capacity (service-rate guard) | ratio |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

const listed = (params: Record<string, number>): string =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
const budgetNote = paper
  ? `; slai*+budget adds ${listed(slaiBudget)} (slai+budget: slai with only those; slai+: ${listed(slaiPlus)}). The "(budget 2048)" rows run sarathi and rad with Sarathi-Serve's own budget rule (the largest budget whose steps meet the TBT SLO), not the paper's 512; their ratios are still to sarathi at 512, and they have no reference-harness search`
  : '';
const footer = `slai* = slai with ${listed(slaiStar)}${budgetNote} (reconstructed options, docs/policies/slai.md). Generated ${new Date().toISOString().slice(0, 10)} in ${((performance.now() - started) / 1000).toFixed(0)} s wall on a shared 2-core machine (simulated times are unaffected by load).`;

let doc = readFileSync(resultsPath, 'utf8');
const parts = paper
  ? blocks.map(({ index, lines }) => ({ name: `results-slai-paper-${index}`, lines }))
  : [{ name: 'results-slai', lines: blocks.flatMap((block) => block.lines) }];
for (const { name, lines } of parts) {
  const [begin, end] = marker(name);
  const block = `${begin}\n${[...lines, footer].join('\n')}\n${end}`;
  if (!doc.includes(begin)) throw new Error(`${resultsPath}: marker ${begin} is missing`);
  doc = doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block);
}
writeFileSync(resultsPath, doc);
console.error(`wrote ${resultsPath}`);
