/**
 * Engine-simulator speed: the whole 19,366-request Azure conversation trace per policy (issue 8:
 * under 1 s wall per policy at rate scale 4). Runs the BUILT simulator (`npm run build` first:
 * dist/), every repetition in this one process, and, with `--baseline DIR` (another checkout,
 * built), that tree's simulator alternating with this one (same process, same load): the ratio
 * is the figure to trust on a shared machine. Results must be identical: the mean and p99 E2E of
 * both are printed and compared.
 *
 *   npm run build && npx tsx bench/sim.ts [--rate-scale K] [--reps N] [--policies a,b,...]
 *     [--predictor SPEC] [--baseline DIR] [--write]
 *
 * Without --policies: the table of the earlier issue (fast-forward off, every batch policy).
 * Prints a markdown table; `--write` puts it into docs/benchmarks.md under "## Engine simulator"
 * (between marker comments keyed by rate scale and policy set).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SimulationOptions, SimulationResult } from '../src/sim/run-simulation.js';

type Run = (options: SimulationOptions) => SimulationResult;

const root = join(import.meta.dirname, '..');
const tracePath = join(root, '..', 'shared', 'data', 'traces', 'azure-2023-conv.csv');
if (!existsSync(tracePath)) {
  process.stderr.write(`bench/sim: ${tracePath} is absent\n`);
  process.exit(0);
}
const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const rateScale = Number(arg('--rate-scale') ?? 1);
const reps = Number(arg('--reps') ?? 3);
const predictor = arg('--predictor');
const baselineDir = arg('--baseline');

async function load(dir: string): Promise<Run> {
  const file = join(resolve(dir), 'dist', 'sim', 'run-simulation.js');
  if (!existsSync(file))
    throw new Error(`bench/sim: ${file} is missing: run npm run build in ${dir}`);
  return ((await import(file)) as { runSimulation: Run }).runSimulation;
}
const current = await load(root);
const baseline = baselineDir === undefined ? undefined : await load(baselineDir);
const { readTrace } = (await import(join(root, 'dist', 'workloads', 'read-trace.js'))) as {
  readTrace: (path: string, options: { rateScale: number }) => SimulationOptions['requests'];
};
const requests = readTrace(tracePath, { rateScale });

interface Case {
  label: string;
  policy: string;
  predictor?: string;
  fastForward?: boolean;
}
const policies = arg('--policies');
const cases: readonly Case[] = policies
  ? policies.split(',').map((policy) => ({
      label: predictor ? `${policy} (${predictor})` : policy,
      policy,
      ...(predictor ? { predictor } : {}),
    }))
  : [
      { label: 'vllm-fcfs (fast-forward off)', policy: 'vllm-fcfs', fastForward: false },
      { label: 'vllm-fcfs', policy: 'vllm-fcfs' },
      { label: 'vllm-priority', policy: 'vllm-priority' },
      { label: 'sarathi', policy: 'sarathi' },
      { label: 'sglang-lpm', policy: 'sglang-lpm' },
      { label: 'sglang-dfs-weight', policy: 'sglang-dfs-weight' },
      { label: 'spjf (oracle)', policy: 'spjf', predictor: 'oracle' },
      { label: 'sprpt (noisy:lognormal:1)', policy: 'sprpt', predictor: 'noisy:lognormal:1' },
      { label: 'trail (noisy:lognormal:1)', policy: 'trail', predictor: 'noisy:lognormal:1' },
    ];

interface Timing {
  wall: number[];
  cpu: number[];
  result?: SimulationResult;
}
function time(run: Run, c: Case, into: Timing): void {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const result = run({
    requests,
    policy: c.policy,
    seed: 1,
    ...(c.predictor ? { predictor: c.predictor } : {}),
    ...(c.fastForward === undefined ? {} : { fastForward: c.fastForward }),
  });
  into.wall.push((performance.now() - start) / 1000);
  const used = process.cpuUsage(cpu);
  into.cpu.push((used.user + used.system) / 1e6);
  into.result = result;
}
const sorted = (values: number[]): number[] => [...values].sort((a, b) => a - b);
const minMedian = (values: number[]): string => {
  const s = sorted(values);
  return `${(s[0] as number).toFixed(2)} / ${(s[Math.floor(s.length / 2)] as number).toFixed(2)}`;
};
const e2eOf = (t: Timing): string =>
  `${t.result?.summary.e2e.mean.toFixed(3)} / ${t.result?.summary.e2e.p99.toFixed(3)}`;

const loadBefore = loadavg()[0] as number;
const rows: string[] = [];
for (const c of cases) {
  const mine: Timing = { wall: [], cpu: [] };
  const theirs: Timing = { wall: [], cpu: [] };
  for (let rep = 0; rep < reps; rep++) {
    // alternate which goes first, so neither always runs on a warmer heap
    if (baseline && rep % 2 === 1) time(baseline, c, theirs);
    time(current, c, mine);
    if (baseline && rep % 2 === 0) time(baseline, c, theirs);
  }
  const steps = mine.result?.replicas.reduce((sum, r) => sum + r.steps, 0) ?? 0;
  const best = sorted(mine.wall)[0] as number;
  const cells = [
    c.label,
    minMedian(mine.wall),
    minMedian(mine.cpu),
    Math.round(requests.length / best).toLocaleString('en-US'),
    Math.round(steps / best).toLocaleString('en-US'),
  ];
  if (baseline) {
    const ratio = best / (sorted(theirs.wall)[0] as number);
    const cpuRatio = (sorted(mine.cpu)[0] as number) / (sorted(theirs.cpu)[0] as number);
    const same =
      JSON.stringify(mine.result?.summary.e2e) === JSON.stringify(theirs.result?.summary.e2e) &&
      mine.result?.summary.ttft.mean === theirs.result?.summary.ttft.mean;
    cells.push(
      minMedian(theirs.wall),
      `${ratio.toFixed(2)}x / ${cpuRatio.toFixed(2)}x`,
      `${e2eOf(mine)} (${same ? 'identical' : 'DIFFERENT'})`,
    );
  } else cells.push(e2eOf(mine));
  rows.push(`| ${cells.join(' | ')} |`);
  process.stderr.write(`${rows[rows.length - 1]}\n`);
}
const loadAfter = loadavg()[0] as number;
const command = `npm run build && npx tsx bench/sim.ts ${process.argv.slice(2).join(' ')}`;
const header = baseline
  ? '| policy | wall s (min / median) | CPU s (min / median) | requests / wall s | steps / wall s | baseline wall s (min / median) | vs baseline: wall / CPU (min) | mean / p99 E2E s |'
  : '| policy | wall s (min / median) | CPU s (min / median) | requests / wall s | steps / wall s | mean / p99 E2E s |';
const table = [
  `Command: \`${command.replace(' --write', '')}\` — ${requests.length.toLocaleString('en-US')} requests of azure-2023-conv.csv,`,
  `rate scale ${rateScale}, llama-3-8b/h100 default cost model, seed 1; wall and CPU time of one \`runSimulation\` call`,
  `(summary included), ${reps} repetitions in one process${baseline ? ', alternating with the baseline tree' : ''}.`,
  `Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (shared 2-core machine).`,
  '',
  header,
  `|${header
    .split('|')
    .slice(1, -1)
    .map(() => '---')
    .join('|')}|`,
  ...rows,
].join('\n');
process.stdout.write(`${table}\n`);
if (process.argv.includes('--write')) {
  const docs = join(root, 'docs', 'benchmarks.md');
  const key = `rate-scale ${rateScale}${policies ? ` ${policies}` : ''}`;
  const begin = `<!-- bench-sim:begin ${key} -->`;
  const end = `<!-- bench-sim:end ${key} -->`;
  let text = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
  if (!text.includes('## Engine simulator')) text = `${text.trimEnd()}\n\n## Engine simulator\n`;
  const block = `${begin}\n${table}\n${end}`;
  if (text.includes(begin)) {
    text = text.slice(0, text.indexOf(begin)) + block + text.slice(text.indexOf(end) + end.length);
  } else {
    const at = text.indexOf('## Engine simulator') + '## Engine simulator'.length;
    const nextSection = text.indexOf('\n## ', at);
    const insertAt = nextSection < 0 ? text.length : nextSection;
    text = `${text.slice(0, insertAt).trimEnd()}\n\n${block}\n${text.slice(insertAt)}`;
  }
  writeFileSync(docs, text);
}
