/**
 * Engine-simulator speed (issue [B]: the whole 19,366-request Azure conversation trace in < 2 s
 * per policy on one core). Seeded and comparative: every policy on the same trace in one run,
 * plus vllm-fcfs with decode fast-forward off (the policy called every step) as the baseline.
 *
 *   npx tsx bench/sim.ts [--rate-scale K] [--write]
 *
 * Prints a markdown table; `--write` puts it into docs/benchmarks.md under "## Engine simulator"
 * (between marker comments). Wall time is the best of 2 repetitions (the machine is shared).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';

const tracePath = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'data',
  'traces',
  'azure-2023-conv.csv',
);
if (!existsSync(tracePath)) {
  process.stderr.write(`bench/sim: ${tracePath} is absent\n`);
  process.exit(0);
}
const scaleArg = process.argv.indexOf('--rate-scale');
const rateScale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const requests = readTrace(tracePath, { rateScale });
const cases: readonly {
  label: string;
  policy: string;
  predictor?: string;
  fastForward?: boolean;
}[] = [
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
const rows: string[] = [];
let baseline = 0;
for (const c of cases) {
  let best = Number.POSITIVE_INFINITY;
  let steps = 0;
  for (let rep = 0; rep < 2; rep++) {
    const start = performance.now();
    const result = runSimulation({
      requests,
      policy: c.policy,
      seed: 1,
      ...(c.predictor ? { predictor: c.predictor } : {}),
      ...(c.fastForward === undefined ? {} : { fastForward: c.fastForward }),
    });
    best = Math.min(best, (performance.now() - start) / 1000);
    steps = result.replicas.reduce((sum, r) => sum + r.steps, 0);
  }
  if (baseline === 0) baseline = best;
  rows.push(
    `| ${c.label} | ${best.toFixed(2)} | ${Math.round(requests.length / best).toLocaleString('en-US')} | ${Math.round(steps / best).toLocaleString('en-US')} | ${(baseline / best).toFixed(1)}x |`,
  );
  process.stderr.write(`${c.label}: ${best.toFixed(2)} s\n`);
}
const table = [
  `Command: \`npx tsx bench/sim.ts --rate-scale ${rateScale} --write\` — ${requests.length.toLocaleString('en-US')} requests of azure-2023-conv.csv,`,
  `rate scale ${rateScale}, llama-3-8b/h100 default cost model; wall time includes building the summary (best of 2).`,
  '',
  '| policy | wall (s) | requests / wall s | engine steps / wall s | speed vs fast-forward off |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n');
process.stdout.write(`${table}\n`);
if (process.argv.includes('--write')) {
  const docs = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
  const begin = `<!-- bench-sim:begin rate-scale ${rateScale} -->`;
  const end = `<!-- bench-sim:end rate-scale ${rateScale} -->`;
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
