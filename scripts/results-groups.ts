/**
 * Regenerates the "## Request groups, prefix caching and group-eps" section of docs/results.md
 * (issue 13): group-eps against vllm-fcfs, sglang-lpm, sglang-dfs-weight and the default
 * predicted-cost on the Mooncake synthetic trace and on the five-application workload (apps5),
 * oracle and noisy predictions, several loads; the host-memory tier; the trace-level cache
 * analysis (LRU, layered LRU, LFU, Belady, Che model); and the issue's targets, met or not.
 * Writes only between its marker comments. Needs ../shared (exits with a message when absent).
 *
 *   npx tsx scripts/results-groups.ts [--cache DIR] [--shard I/N]
 *
 * On a slow machine, run N shards at once, then the assembly (all runs read from the cache):
 *   for i in 0 1 2 3; do npx tsx scripts/results-groups.ts --cache /tmp/rg --shard $i/4 & done; wait
 *   npx tsx scripts/results-groups.ts --cache /tmp/rg
 * A shard runs every N-th simulation (caching each run's summary, rate while queued and
 * per-application means as JSON in DIR) and writes nothing to results.md.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { SchedRequest } from '../src/core/request.js';
import { firstTokenTimeOf } from '../src/metrics/request-record.js';
import type { RunSummary } from '../src/metrics/run-summary.js';
import { analyzePrefixCache } from '../src/sim/cache/cache-analysis.js';
import { buildPrefixChains } from '../src/sim/cache/prefix-chains.js';
import { kvBytesPerToken, modelSpecs } from '../src/sim/cost/model-specs.js';
import type { PrefixTierPolicy } from '../src/sim/kv/prefix-tier.js';
import { runSimulation, type SimulationResult } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { writeMarkedSection } from './lib/marked-section.js';

const mooncakePath = '../shared/data/traces/mooncake-synthetic.jsonl';
const resultsPath = 'docs/results.md';
const begin = '<!-- results-groups:begin -->';
const end = '<!-- results-groups:end -->';
const predictors = ['oracle', 'noisy:lognormal:1'] as const;
const plainPolicies = ['vllm-fcfs', 'sglang-lpm', 'sglang-dfs-weight'] as const;
const predictivePolicies = ['predicted-cost', 'group-eps'] as const;
const spec = modelSpecs['llama-3-8b'];
const tbTokens = Math.floor(1e12 / kvBytesPerToken(spec, spec.tp));

/**
 * The real engine is measured by hand (real time, loaded machine): interleaved repeats of
 * `llmsched engine replay --synthetic apps5 --requests 30 --rate 3 --policy P --json` under
 * `/usr/bin/time -f '%U %S %e'` (process CPU time: the work, which machine load does not change).
 */
const engineTarget =
  '**met** on an idle machine: wall output tok/s 1.24x (4 interleaved rounds, load ~1, each round >= 1.16x), mean TTFT lower in 4 of 4; also on work (output per CPU second 1.25x over 10 loaded rounds)';
const engineNumbers =
  "Idle machine (lead, 2026-12-02 17:00-17:02 UTC, load average 1.1-1.5, 4 interleaved rounds of `/usr/bin/time node bin/llmsched.js engine replay --synthetic apps5 --requests 30 --rate 3 --policy group-eps|fcfs --json`; `fcfs` is the registry's alias of vllm-fcfs): the same 3,150 output tokens in 14.21 s (group-eps) vs 17.65 s (fcfs) on average, wall output 221.8 vs 179.5 tok/s = **1.24x** (per round 1.26, 1.33, 1.20, 1.16); mean TTFT 2.17 vs 2.92 s (lower in 4 of 4), p99 E2E 8.75 vs 11.03 s, prefix hit 45.4% vs 25.0%; process wall 16.8-17.4 s vs 19.3-22.8 s. Loaded machine (helper, load 8-15): `llmsched engine replay --synthetic apps5 --requests 30 --rate 3 --policy P --json` (4 slots, generated small model, 1 llama.cpp thread; the 30 requests arrive in 10 s, runs last 21-194 s), 10 interleaved rounds, medians (min-max): the same 3,150 output tokens took 16.51 s (15.12-18.67) of process CPU under group-eps, 20.62 s (18.17-24.43) under vllm-fcfs, 15.76 s under sglang-lpm: output tokens per CPU second 190.8 vs 152.8 = 1.25x (per round 1.33, 1.25, 1.27, 1.20, 1.56, 1.07, 1.28, 1.18, 1.06, 1.34: >= 1.2x in 7 of 10; lpm 1.30x; about 4 s of each is start-up, so compute alone is higher). Prefix hit group-eps 55% (51-74%), lpm 70.6%, fcfs 25.0%: 4 slots cannot hold five system prompts and fcfs re-prefills them. Mean TTFT group-eps 11.93 s (5.56-61.98) vs fcfs 16.68 s (8.60-60.70), lower in 6 of 10 rounds; wall output tok/s 90.9 vs 71.0 (per round 0.84-5.94x: the machine's noise at that load)";

if (!existsSync(mooncakePath)) {
  console.error(`results-groups: ${mooncakePath} not found (needs ../shared); nothing written`);
  process.exit(2);
}

interface AppMeans {
  ttft: number;
  e2e: number;
  n: number;
}

interface Row {
  readonly label: string;
  readonly policy: string;
  readonly predictor: string;
  readonly summary: RunSummary;
  /** Output tokens / s from the first arrival to the last admission. */
  readonly queued: number;
  /** Sums of TTFT and E2E per application (group) and the count. */
  readonly apps: readonly (readonly [string, AppMeans])[];
}

const flagValue = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const cacheDir = flagValue('--cache');
const shardFlag = flagValue('--shard');
const [shardIndex, shardCount] = (shardFlag ?? '0/1').split('/').map(Number) as [number, number];
if (cacheDir !== undefined) mkdirSync(cacheDir, { recursive: true });
let runCounter = 0;

const f = (x: number, digits = 2): string => (Number.isFinite(x) ? x.toFixed(digits) : '-');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/**
 * Output tokens per second from the first arrival to the last admission: the rate while requests
 * still queue (at saturation, the engine's sustained rate). Total output / makespan is instead set
 * by the longest request's decode when the queue drains (apps5: one 8,036-token chat answer
 * decodes alone for its last ~45 s).
 */
function queuedThroughput(result: SimulationResult): number {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const r of result.records) {
    first = Math.min(first, r.arrivalTime);
    if (r.firstScheduledTime !== undefined) last = Math.max(last, r.firstScheduledTime);
  }
  let tokens = 0;
  for (const r of result.records) for (const t of r.tokenTimes ?? []) if (t <= last) tokens++;
  return last > first ? tokens / (last - first) : 0;
}

/** Sums of TTFT and E2E per application (group) of one run. */
function byApp(
  result: SimulationResult,
  requests: readonly SchedRequest[],
): (readonly [string, AppMeans])[] {
  const group = new Map(requests.map((r) => [r.id as string, r.group ?? '-']));
  const out = new Map<string, AppMeans>();
  for (const record of result.records) {
    const first = firstTokenTimeOf(record);
    if (first === undefined || record.finishTime === undefined) continue;
    const key = group.get(record.id) ?? '-';
    const acc = out.get(key) ?? { ttft: 0, e2e: 0, n: 0 };
    acc.ttft += first - record.arrivalTime;
    acc.e2e += record.finishTime - record.arrivalTime;
    acc.n++;
    out.set(key, acc);
  }
  return [...out];
}

interface RunExtra {
  readonly hostTierTokens?: number;
  readonly tierPolicy?: PrefixTierPolicy;
  readonly seed?: number;
  /** KV pool of the GPU in tokens (default: what the H100 leaves for KV). */
  readonly kvTokens?: number;
  /** `none`: no prefix cache (vLLM V0's default); default the hash cache. */
  readonly prefixCache?: 'none';
}

function run(
  label: string,
  requests: readonly SchedRequest[],
  policy: string,
  predictor: string | undefined,
  extra: RunExtra = {},
): Row {
  const mine = runCounter++ % shardCount === shardIndex;
  const key = createHash('sha1')
    .update(JSON.stringify([label, policy, predictor ?? '-', extra, requests.length]))
    .digest('hex');
  const cacheFile = cacheDir === undefined ? undefined : `${cacheDir}/${key}.json`;
  const head = { label, policy, predictor: predictor ?? '-' };
  if (cacheFile !== undefined && existsSync(cacheFile)) {
    return {
      ...head,
      ...(JSON.parse(readFileSync(cacheFile, 'utf8')) as Omit<Row, keyof typeof head>),
    };
  }
  if (!mine) {
    // another shard runs it; this shard exits before anything reads the row
    return { ...head, summary: undefined as unknown as RunSummary, queued: 0, apps: [] };
  }
  const start = performance.now();
  const result = runSimulation({
    requests,
    policy,
    seed: extra.seed ?? 1,
    keepTokenTimes: true,
    model: 'llama-3-8b',
    gpu: 'h100',
    ...(predictor === undefined ? {} : { predictor }),
    ...(extra.prefixCache === undefined ? {} : { prefixCache: extra.prefixCache }),
    ...(extra.hostTierTokens
      ? { hostTier: { tokens: extra.hostTierTokens, policy: extra.tierPolicy ?? 'llru' } }
      : {}),
    ...(extra.kvTokens
      ? {
          limits: {
            totalBlocks: extra.kvTokens / 16,
            watermarkBlocks: Math.floor(extra.kvTokens / 1600),
          },
        }
      : {}),
  });
  const s = result.summary;
  console.error(
    `${label} ${policy} ${predictor ?? ''}: thr ${f(s.throughputTokensPerSecond, 1)} hit ${pct(s.prefixHitRate)} ttft ${f(s.ttft.mean)}/${f(s.ttft.p99)} (${((performance.now() - start) / 1000).toFixed(1)} s)`,
  );
  const data = { summary: s, queued: queuedThroughput(result), apps: byApp(result, requests) };
  if (cacheFile !== undefined) writeFileSync(cacheFile, JSON.stringify(data));
  return { ...head, ...data };
}

function runAll(label: string, requests: readonly SchedRequest[]): Row[] {
  const rows: Row[] = plainPolicies.map((policy) => run(label, requests, policy, undefined));
  for (const predictor of predictors) {
    for (const policy of predictivePolicies) rows.push(run(label, requests, policy, predictor));
  }
  return rows;
}

function table(rows: readonly Row[], reference: (row: Row) => Row): string[] {
  const lines = [
    '| load | policy | predictor | output tok/s | x fcfs | tok/s while queued | x fcfs | prefix hit | TTFT mean | TTFT p99 | TPOT mean | E2E mean |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const s = row.summary;
    const base = reference(row);
    const queued = row.queued;
    lines.push(
      `| ${row.label} | ${row.policy} | ${row.predictor} | ${f(s.throughputTokensPerSecond, 1)} | ${f(s.throughputTokensPerSecond / base.summary.throughputTokensPerSecond, 3)} | ${f(queued, 1)} | ${f(queued / base.queued, 3)} | ${pct(s.prefixHitRate)} | ${f(s.ttft.mean)} | ${f(s.ttft.p99)} | ${f(s.tpot.mean, 4)} | ${f(s.e2e.mean)} |`,
    );
  }
  return lines;
}

const fcfsOf =
  (rows: readonly Row[]) =>
  (row: Row): Row =>
    rows.find((r) => r.label === row.label && r.policy === 'vllm-fcfs') as Row;

// --- Mooncake synthetic -------------------------------------------------------------------------
const mooncakeRows: Row[] = [];
const mooncake = new Map<number, SchedRequest[]>();
for (const rateScale of [0.1, 0.3, 0.5]) {
  const requests = readTrace(mooncakePath, { rateScale });
  mooncake.set(rateScale, requests);
  mooncakeRows.push(...runAll(`rate-scale ${rateScale}`, requests));
}

// --- p99 robustness at rate-scale 0.3: noise level and predictor seed ----------------------------
const robustRows: Row[] = [];
for (const sigma of [0.5, 1, 2]) {
  for (const seed of [1, 2, 3]) {
    const predictor = `noisy:lognormal:${sigma}`;
    const reuse = seed === 1 && sigma === 1;
    const row = reuse
      ? (mooncakeRows.find(
          (r) =>
            r.label === 'rate-scale 0.3' && r.policy === 'group-eps' && r.predictor === predictor,
        ) as Row)
      : run('rate-scale 0.3', mooncake.get(0.3) as SchedRequest[], 'group-eps', predictor, {
          seed,
        });
    robustRows.push({ ...row, label: `σ ${sigma}, seed ${seed}` });
  }
}

// --- host tier ----------------------------------------------------------------------------------
const tierRows: Row[] = [];
const tierSettings: readonly { tb: number; policy: PrefixTierPolicy; rates: number[] }[] = [
  { tb: 1, policy: 'llru', rates: [0.1, 0.3] },
  { tb: 1, policy: 'slru', rates: [0.1, 0.3] },
  { tb: 1, policy: 'slru-ghost', rates: [0.1, 0.3] },
  { tb: 1, policy: 'arc', rates: [0.1] },
  { tb: 1, policy: 's3-fifo', rates: [0.1] },
  { tb: 1, policy: 'w-tinylfu', rates: [0.1] },
  { tb: 1.2, policy: 'slru-ghost', rates: [0.1] },
  { tb: 1.2, policy: 'arc', rates: [0.1] },
  { tb: 1.2, policy: 's3-fifo', rates: [0.1] },
  { tb: 1.5, policy: 'llru', rates: [0.1] },
  { tb: 2, policy: 'llru', rates: [0.1] },
];
for (const rateScale of [0.1, 0.3]) {
  const label = `rate-scale ${rateScale}`;
  tierRows.push(mooncakeRows.find((r) => r.label === label && r.policy === 'vllm-fcfs') as Row);
  for (const { tb, policy, rates } of tierSettings) {
    if (!rates.includes(rateScale)) continue;
    const requests = mooncake.get(rateScale) as SchedRequest[];
    tierRows.push({
      ...run(label, requests, 'vllm-fcfs', undefined, {
        hostTierTokens: Math.floor(tb * tbTokens),
        tierPolicy: policy,
      }),
      policy: `vllm-fcfs + ${tb} TB host tier, ${policy}`,
    });
  }
}

// --- apps5 --------------------------------------------------------------------------------------
const appsRows: Row[] = [];
const appsRequests = new Map<number, SchedRequest[]>();
for (const rate of [60, 150, 400]) {
  const requests = readTrace('synthetic:apps5', { rate, requests: 6000, seed: 1 });
  appsRequests.set(rate, requests);
  appsRows.push(...runAll(`${rate} req/s`, requests));
}

// --- apps5 with a smaller GPU KV pool (where the five system prompts stop fitting) --------------
const kvRows: Row[] = [];
for (const kvTokens of [65536, 32768, 16384]) {
  const requests = appsRequests.get(400) as SchedRequest[];
  const label = `KV ${kvTokens / 1024}k tokens`;
  for (const policy of plainPolicies)
    kvRows.push(run(label, requests, policy, undefined, { kvTokens }));
  kvRows.push(run(label, requests, 'group-eps', 'oracle', { kvTokens }));
}

// --- apps5 at saturation without a prefix cache (vLLM V0's default) -----------------------------
const noCacheLabel = '400 req/s, no prefix cache';
const noCacheRows: Row[] = [
  run(noCacheLabel, appsRequests.get(400) as SchedRequest[], 'vllm-fcfs', undefined, {
    prefixCache: 'none',
  }),
  run(noCacheLabel, appsRequests.get(400) as SchedRequest[], 'group-eps', 'oracle', {
    prefixCache: 'none',
  }),
];

if (shardFlag !== undefined) {
  console.error(`results-groups: shard ${shardFlag} done (runs cached in ${cacheDir ?? '-'})`);
  process.exit(0);
}

// --- cache analysis -----------------------------------------------------------------------------
const chains = buildPrefixChains(readTrace(mooncakePath), 512);
const sizes = [
  0.25e6,
  0.5e6,
  1e6,
  2e6,
  4e6,
  6e6,
  tbTokens,
  9e6,
  10e6,
  11e6,
  12e6,
  13e6,
  14e6,
  16e6,
];

const analysis = analyzePrefixCache(chains, sizes, ['prefix-lru', 'llru', 'lfu', 'belady']);
const tbRow = analysis.rows.find((r) => r.capacityTokens === tbTokens);

// --- targets ------------------------------------------------------------------------------------
const find = (rows: readonly Row[], label: string, policy: string, predictor = '-'): RunSummary =>
  (rows.find((r) => r.label === label && r.policy === policy && r.predictor === predictor) as Row)
    .summary;
const ge03 = find(mooncakeRows, 'rate-scale 0.3', 'group-eps', 'oracle');
const lpm03 = find(mooncakeRows, 'rate-scale 0.3', 'sglang-lpm');
const pc03 = find(mooncakeRows, 'rate-scale 0.3', 'predicted-cost', 'oracle');
const beatsLpm = (s: RunSummary): boolean =>
  s.ttft.p99 < lpm03.ttft.p99 && s.throughputTokensPerSecond >= lpm03.throughputTokensPerSecond;
const robustWins = robustRows.filter((r) => beatsLpm(r.summary)).length;
const robustP99 = robustRows.map((r) => r.summary.ttft.p99);
const tierAt = (tb: number, policy: PrefixTierPolicy): RunSummary =>
  find(tierRows, 'rate-scale 0.1', `vllm-fcfs + ${tb} TB host tier, ${policy}`);
const ideal = analysis.unboundedHitRate;
const tierBest1 = Math.max(
  ...tierSettings.filter((t) => t.tb === 1).map((t) => tierAt(1, t.policy).prefixHitRate),
);
const tierMetAt = [...tierSettings]
  .sort((a, b) => a.tb - b.tb)
  .find((t) => t.rates.includes(0.1) && tierAt(t.tb, t.policy).prefixHitRate >= 0.9 * ideal);
const distinctTb = (analysis.distinctBlocks * 512 * kvBytesPerToken(spec, spec.tp)) / 1e12;
const satGe = find(appsRows, '400 req/s', 'group-eps', 'oracle');
const satFcfs = find(appsRows, '400 req/s', 'vllm-fcfs');
const queuedOf = (rows: readonly Row[], label: string, policy: string, predictor = '-'): number =>
  (rows.find((r) => r.label === label && r.policy === policy && r.predictor === predictor) as Row)
    .queued;
const satQueuedRatio =
  queuedOf(appsRows, '400 req/s', 'group-eps', 'oracle') /
  queuedOf(appsRows, '400 req/s', 'vllm-fcfs');
const kv16Ge = find(kvRows, 'KV 16k tokens', 'group-eps', 'oracle');
const kv16Fcfs = find(kvRows, 'KV 16k tokens', 'vllm-fcfs');
const noCacheFcfs = find(noCacheRows, noCacheLabel, 'vllm-fcfs');
const noCacheGe = find(noCacheRows, noCacheLabel, 'group-eps', 'oracle');
const maxCheError = Math.max(
  ...analysis.rows.map((r) => Math.abs(r.cheRenewal - (r.simulated.llru ?? Number.NaN))),
);
const maxWindowedError = Math.max(
  ...analysis.rows.map((r) => Math.abs(r.cheWindowed - (r.simulated.llru ?? Number.NaN))),
);
const maxIrmError = Math.max(
  ...analysis.rows.map((r) => Math.abs(r.cheIrm - (r.simulated.llru ?? Number.NaN))),
);
const met = (ok: boolean): string => (ok ? '**met**' : '**not met**');
const targets = [
  '| target | result | numbers |',
  '|---|---|---|',
  `| Mooncake rate-scale 0.3: group-eps p99 TTFT < sglang-lpm's at >= its throughput | ${met(beatsLpm(ge03))} (oracle); noisy predictions: ${met(robustWins === robustRows.length)} (below lpm in ${robustWins} of ${robustRows.length} runs) | p99 TTFT oracle ${f(ge03.ttft.p99)} s vs lpm ${f(lpm03.ttft.p99)} s; noisy lognormal σ 0.5/1/2 x predictor seeds 1-3: ${f(Math.min(...robustP99))}-${f(Math.max(...robustP99))} s; throughput ${f(ge03.throughputTokensPerSecond, 2)} vs ${f(lpm03.throughputTokensPerSecond, 2)} tok/s. p99 / lpm p99 ${f(Math.min(...robustP99) / lpm03.ttft.p99, 3)}-${f(Math.max(...robustP99) / lpm03.ttft.p99, 3)}: small margins (the burst's drain time); predicted-cost, same step shape, reaches ${f(pc03.ttft.p99)} s |`,
  `| 1 TB host tier: Mooncake prefix hit rate within 10% of the unbounded ${pct(ideal)} (>= ${pct(0.9 * ideal)}) | ${met(tierBest1 >= 0.9 * ideal)} at 1 TB; ${tierMetAt ? `met from ${tierMetAt.tb} TB (${tierMetAt.policy})` : 'not met up to 2 TB'} | rate-scale 0.1, vllm-fcfs: 1 TB llru ${pct(tierAt(1, 'llru').prefixHitRate)}, slru ${pct(tierAt(1, 'slru').prefixHitRate)}, slru-ghost ${pct(tierAt(1, 'slru-ghost').prefixHitRate)}, arc ${pct(tierAt(1, 'arc').prefixHitRate)}, s3-fifo ${pct(tierAt(1, 's3-fifo').prefixHitRate)}, w-tinylfu ${pct(tierAt(1, 'w-tinylfu').prefixHitRate)}; 1.2 TB slru-ghost ${pct(tierAt(1.2, 'slru-ghost').prefixHitRate)}, arc ${pct(tierAt(1.2, 'arc').prefixHitRate)}, s3-fifo ${pct(tierAt(1.2, 's3-fifo').prefixHitRate)}; 1.5 TB llru ${pct(tierAt(1.5, 'llru').prefixHitRate)}; 2 TB llru ${pct(tierAt(2, 'llru').prefixHitRate)}. The trace's distinct prompt blocks hold ${f(distinctTb, 2)} TB of llama-3-8b KV: 1 TB keeps a third, so an online policy must choose (trace level at 1 TB: LLRU ${pct(tbRow?.simulated.llru ?? 0)}, LFU ${pct(tbRow?.simulated.lfu ?? 0)}, offline Belady ${pct(tbRow?.simulated.belady ?? 0)}) |`,
  `| apps5 on the simulator: group-eps throughput at saturation >= 1.2x fcfs, mean TTFT no worse | ${met(satGe.throughputTokensPerSecond >= 1.2 * satFcfs.throughputTokensPerSecond && satGe.ttft.mean <= satFcfs.ttft.mean)} | 400 req/s, H100: ${f(satGe.throughputTokensPerSecond / satFcfs.throughputTokensPerSecond, 3)}x over the run, ${f(satQueuedRatio, 3)}x while requests queue; mean TTFT ${f(satGe.ttft.mean)} vs ${f(satFcfs.ttft.mean)} s. With a 16k-token KV pool (system prompts evicted under fcfs): ${f(kv16Ge.throughputTokensPerSecond / kv16Fcfs.throughputTokensPerSecond, 3)}x, mean TTFT ${f(kv16Ge.ttft.mean)} vs ${f(kv16Fcfs.ttft.mean)} s (${kv16Ge.ttft.mean <= kv16Fcfs.ttft.mean ? 'no worse' : 'worse'}). Impossible by construction on the H100: the work to serve the requests is the same under any order, a shared-prefix attention kernel included (see below). Against fcfs without a prefix cache (vLLM V0 default): ${f(satGe.throughputTokensPerSecond / noCacheFcfs.throughputTokensPerSecond)}x, mean TTFT ${f(satGe.ttft.mean)} vs ${f(noCacheFcfs.ttft.mean)} s, earned by the cache (below) |`,
  `| apps5 on the real engine: the same | ${engineTarget} | ${engineNumbers} |`,
  `| LLRU analytic hit rate within 0.02 of the simulated one across sizes | ${met(maxWindowedError < 0.02)} (windowed Che, our reconstruction); ${met(maxCheError < 0.02)} (renewal Che); ${met(maxIrmError < 0.02)} (IRM Che as §14 writes it) | max abs error ${f(maxWindowedError, 4)} (windowed: a characteristic time per sixteenth of the trace), ${f(maxCheError, 4)} (renewal: one for the whole trace, too high where the cache fills mid-trace), ${f(maxIrmError, 4)} (IRM) over ${analysis.rows.length} sizes of 0.25-16 M tokens |`,
];

// --- short-output analysis (apps5, heaviest load) -----------------------------------------------
const appRows: string[] = [
  '| application | requests | fcfs TTFT | group-eps TTFT | fcfs E2E | group-eps E2E |',
  '|---|---|---|---|---|---|',
];
{
  const fcfs = new Map(
    (appsRows.find((r) => r.label === '400 req/s' && r.policy === 'vllm-fcfs') as Row).apps,
  );
  const ge = new Map(
    (
      appsRows.find(
        (r) => r.label === '400 req/s' && r.policy === 'group-eps' && r.predictor === 'oracle',
      ) as Row
    ).apps,
  );
  for (const [app, a] of fcfs) {
    const b = ge.get(app) ?? { ttft: Number.NaN, e2e: Number.NaN, n: 1 };
    appRows.push(
      `| ${app} | ${a.n} | ${f(a.ttft / a.n)} | ${f(b.ttft / b.n)} | ${f(a.e2e / a.n)} | ${f(b.e2e / b.n)} |`,
    );
  }
}

const cacheLines = [
  `${analysis.requests} requests, ${analysis.distinctBlocks} distinct 512-token blocks; unbounded hit rate ${pct(analysis.unboundedHitRate)}. Hit rate = hit prompt tokens / prompt tokens; llama-3-8b KV (128 KiB/token) for GB.`,
  '',
  '| cache (M tokens) | GB | whole-prefix LRU | layered LRU | LFU | Belady | Che IRM | Che renewal | Che windowed | renewal - LLRU | windowed - LLRU |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...analysis.rows.map(
    (r) =>
      `| ${f(r.capacityTokens / 1e6, 2)} | ${f((r.capacityTokens * kvBytesPerToken(spec, spec.tp)) / 1e9, 0)} | ${f(r.simulated['prefix-lru'] ?? Number.NaN, 4)} | ${f(r.simulated.llru ?? Number.NaN, 4)} | ${f(r.simulated.lfu ?? Number.NaN, 4)} | ${f(r.simulated.belady ?? Number.NaN, 4)} | ${f(r.cheIrm, 4)} | ${f(r.cheRenewal, 4)} | ${f(r.cheWindowed, 4)} | ${f(r.cheRenewal - (r.simulated.llru ?? Number.NaN), 4)} | ${f(r.cheWindowed - (r.simulated.llru ?? Number.NaN), 4)} |`,
  ),
];

const body = [
  '## Request groups, prefix caching and group-eps',
  '',
  `Issue 13. Generated by \`npx tsx scripts/results-groups.ts\` on ${new Date().toISOString().slice(0, 10)} (seed 1; llama-3-8b on one`,
  'H100, default kernel-grounded cost model, vLLM-style hashed prefix cache, recompute preemption;',
  'the machine was shared with other jobs, which changes only the wall time, never these numbers).',
  'Throughput is output tokens / (first arrival to last completion). Non-predictive policies have no',
  'predictor ("-"); group-eps and predicted-cost run with the oracle and with noisy lognormal σ = 1',
  'predictions. The policy page is [policies/group-eps.md](policies/group-eps.md). "tok/s while',
  'queued" counts output tokens from the first arrival to the last admission (the sustained rate',
  'while requests wait); the "x fcfs" columns are ratios against vllm-fcfs in the same setting.',
  'Mooncake runs pass no context limit (the library does not enforce one; the CLI needs',
  '`--max-model-len 262144` for this trace).',
  '',
  '### Targets',
  '',
  ...targets,
  '',
  '### Mooncake synthetic trace',
  '',
  ...table(mooncakeRows, fcfsOf(mooncakeRows)),
  '',
  `p99 TTFT is the drain time of the trace's biggest burst (requests 3219-3273 at rate-scale 0.3 wait`,
  '45-53 s under every policy). group-eps against sglang-lpm (p99 ' +
    `${f(lpm03.ttft.p99)} s, throughput ${f(lpm03.throughputTokensPerSecond, 2)} tok/s) with noisy`,
  'predictions, by noise level and predictor seed (rate-scale 0.3):',
  '',
  '| noise, seed | output tok/s | prefix hit | TTFT mean | TTFT p99 | p99 / lpm p99 |',
  '|---|---|---|---|---|---|',
  ...robustRows.map((r) => {
    const s = r.summary;
    return `| ${r.label} | ${f(s.throughputTokensPerSecond, 2)} | ${pct(s.prefixHitRate)} | ${f(s.ttft.mean)} | ${f(s.ttft.p99)} | ${f(s.ttft.p99 / lpm03.ttft.p99, 3)} |`;
  }),
  '',
  '### Host-memory tier (loads at PCIe bandwidth)',
  '',
  'Where the hits are lost (`npx tsx scripts/diagnose-host-tier.ts 0.1 1000`): every prefix block a',
  'request misses against the ideal (blocks some earlier request computed) was evicted from the',
  'tier; none is lost to a GPU chain cut, a failed load or a block never offloaded. The tier is',
  'too small for this trace with recency alone (LRU-type policies need 1.5 TB). 58% of the distinct',
  'blocks are read by one request only; a block read once is read again with probability 0.42, one',
  "read twice with 0.84. `slru-ghost` (slru's protected segment for reused blocks, plus one ghost bit",
  'per key ever offered, so a block recomputed after its eviction counts as reused) keeps more of',
  'the re-read blocks: it reaches the target from 1.2 TB. Offline Belady reaches 65.1% at 1 TB.',
  '',
  'Checks: 1 TB = 1e12 B at 131,072 B of llama-3-8b fp16 KV per token (2 x 32 layers x 8 KV heads x',
  "128 x 2 B) = 7,629,394 tokens; the ideal is the simulator's own (a 100 TB tier: 65.1%, every",
  'block some earlier request computed). Read as 10 points instead of 10% the bar is 55.1% (met by',
  'slru-ghost). Why no online rule reaches 58.6% at 1 TB (`npx tsx',
  'scripts/study-tier-dead-blocks.ts`, trace level, 1 TB / 1.2 TB): LRU 53.4 / 56.7%; read once vs',
  'again 56.2 / 59.0%; plus a prompt-length/last-block class learned online 56.1 / 58.6%; the same',
  'class rule fitted on this trace 57.2 / 60.1%; an oracle that evicts blocks no later request reads',
  'first 65.1 / 65.1%. The live blocks always fit in 1 TB: the gap is dead-block prediction, and the',
  'features the tier sees (reads, prompt length, position) do not separate dead from live blocks.',
  '',
  'Published policies built for many one-hit wonders and scans (`--host-tier-policy arc | s3-fifo |',
  'w-tinylfu`, `src/sim/kv/prefix-tier-*.ts`, adapted to prefix chains as llru is: a chain offered',
  "tail first, a load is a read of every loaded block), with their sources' defaults, 1 TB / 1.2 TB:",
  'ARC (Megiddo and Modha, FAST 2003: self-tuning split of T1/T2 with ghost lists B1/B2 of at most c',
  'keys) 56.4 / 59.0%; S3-FIFO (Yang et al., SOSP 2023: small FIFO 10%, main FIFO with a 2-bit',
  "counter, ghost of 0.9 c keys, 2 hits to move to main as in the authors' libCacheSim) 54.1 /",
  "57.3%; W-TinyLFU (Einziger et al., TOS 2017, Caffeine's layout: 1% window LRU, SLRU main,",
  'count-min sketch halved every 10 c reads) 40.8 / 48.7%. None reaches 58.6% at 1 TB; slru-ghost',
  '(57.2%) stays the best. LHD (least hit density, Beckmann et al., NSDI 2018; `npx tsx',
  'scripts/study-tier-lhd.ts`, trace level, leaves only, thirteenth session) 52.7-53.6 / 56.4-57.0%',
  "with three class rules, against slru-ghost's 56.8 / 59.3% on the same chains: not kept. S3-FIFO's",
  'small queue holds a block at most ~6 minutes on average (0.1 TB',
  'of the 2.94 TB of distinct blocks inserted over 2.8 hours) while the median reuse gap is ~25',
  'minutes (153 s at rate-scale 1), so second reads come through its ghost of 0.9 c keys. ARC',
  'remembers at most c evicted keys, slru-ghost every key ever offered; ARC given that history too',
  '(a new block offered before enters T2; our combination, trace level only, not kept) reaches',
  "56.3 / 59.2% against its 55.8 / 58.9% there, still below slru-ghost's 56.8 / 59.3%. W-TinyLFU's",
  'admission rejects the first read of a block once main is full (every main block has been read),',
  'so its second read misses too, and its sample (10 c reads) outlasts the trace: no halving.',
  'Labelled sweeps on this one trace (not defaults; `npx tsx scripts/study-tier-policies.ts',
  "--sweep`, trace level unless said): S3-FIFO moving to main after 1 hit (the authors' earlier",
  'libCacheSim default) 56.0% (simulator 56.2 / 59.2%), other small / ghost sizes 53.8-54.4%;',
  'W-TinyLFU with a 20% / 50% window 44.4 / 50.1%. The two halves of the trace (`--halves`, the',
  'tier scaled to the same share of their distinct blocks; ../shared has no other Mooncake trace)',
  'rank the policies alike: slru-ghost or arc first, w-tinylfu last. ARC, S3-FIFO and W-TinyLFU',
  'evict from two or three queues independently (and W-TinyLFU admits block by block), so they can',
  "cut a chain in the middle: at trace level 0.0%, 0.0% and 11% of the blocks past a request's first",
  'miss are still held, unreachable.',
  '',
  ...table(tierRows, fcfsOf(mooncakeRows)),
  '',
  '### Five applications (apps5: shell, math, finance, code, chat; 6000 requests, Poisson)',
  '',
  ...table(appsRows, fcfsOf(appsRows)),
  '',
  'At 400 req/s every policy finishes 99.9% of requests by ~64 s; the run then waits for one chat',
  'request with 8,036 output tokens (admitted at 1.9 s, decoding at one token per step), so',
  'output tokens / makespan hardly depends on the policy. A smaller GPU KV pool (same requests, 400',
  'req/s): the five system prompts stop fitting next to the running requests only near 16k tokens',
  '(3% of what an H100 leaves for KV; the seed slides size KV as 64 requests x 4k context, which',
  'holds them all):',
  '',
  ...table(kvRows, fcfsOf(kvRows)),
  '',
  'Where apps5 is bound at saturation (`npx tsx scripts/study-apps5-bottleneck.ts`, 400 req/s, same',
  'requests; numbers of 2026-12-02): the largest prefix hit rate any order can reach is 81.5% (every',
  "request hits its application's system prompt; the rest of each prompt is unique), and every",
  'policy reaches it: there is no prefill left to save. Under vllm-fcfs admission stops on',
  '`max_num_seqs` (1,024) for 96% of the queued request-seconds, with 970 decodes per step: decode',
  'batches are at their cap. The GPU work to serve the same requests (steps with a prefill or >= 8',
  'decodes; the drain tail left out) is 62.6 s under fcfs, 62.3 s under group-eps (1.007x the',
  'decode tokens per loaded second), 63.5 s under predicted-cost. So the sustained throughput at',
  'saturation is the same under any order, and 1.2x is impossible by construction here; the',
  '1.07x "while queued" of group-eps and predicted-cost is the order of the work (long-output',
  "requests first, low-eps prefills later), not less work. The slides' set-up differs in what makes",
  'grouping pay: an edge GPU (Jetson AGX Orin) with a small KV pool next to 1B models, where system',
  'prompts are evicted under FCFS (the 16k-token rows above), and vLLM defaults (max_num_seqs 256).',
  '',
  "What else could give the slides' gain (study second table: `npx tsx",
  'scripts/study-apps5-bottleneck.ts --policies vllm-fcfs,group-eps`): decode attention re-reads',
  'the system prompts (320-1,088 tokens) for 14.9 of the 62.6 loaded seconds (24%) under either',
  'policy. A shared-prefix kernel reading each distinct prefix once per step would cut the work to',
  '47.9 s (fcfs) and 47.6 s (group-eps): 1.31x for both, 1.006x between them; vLLM V1 cascade (one',
  'prefix common to the whole batch) saves 2% at most under either. Against fcfs WITHOUT a prefix',
  `cache (vLLM V0 default; the "${noCacheLabel}" runs of this script, \`llmsched simulate`,
  '--synthetic apps5 --rate 400 --requests 6000 --seed 1 --max-model-len 16384 --policy P',
  '--prefix-cache none|hash`):',
  `fcfs ${f(noCacheFcfs.throughputTokensPerSecond, 1)} tok/s, mean TTFT ${f(noCacheFcfs.ttft.mean, 1)} s;`,
  `group-eps with the cache ${f(satGe.throughputTokensPerSecond, 1)} tok/s`,
  `(${f(satGe.throughputTokensPerSecond / noCacheFcfs.throughputTokensPerSecond)}x), ${f(satGe.ttft.mean, 1)} s;`,
  `group-eps without it ${f(noCacheGe.throughputTokensPerSecond, 1)} tok/s`,
  `(${f(noCacheGe.throughputTokensPerSecond / noCacheFcfs.throughputTokensPerSecond)}x): the target holds against that`,
  'baseline, earned by the cache, not by the order.',
  '',
  'Per application at 400 req/s (seconds), group-eps with oracle predictions against vllm-fcfs:',
  '',
  ...appRows,
  '',
  '### Prefix-cache hit rate vs cache size (Mooncake synthetic, trace level: `llmsched cache`)',
  '',
  ...cacheLines,
].join('\n');

writeMarkedSection(resultsPath, { begin, end, body, empty: '# Results\n' });
console.error(`wrote ${resultsPath}`);
