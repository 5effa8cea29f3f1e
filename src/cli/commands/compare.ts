/**
 * `llmsched compare`: every policy at every load, simulated in parallel worker threads, written
 * as report.html (self-contained, with charts) plus report.json and report.csv next to it.
 *
 * @example
 * llmsched compare --trace azure.csv --policies vllm-fcfs,sprpt --rate-scales 1,2,4 --out report.html
 */

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkOutputPath } from '../../io/output-path.js';
import { defaultBatchPolicyName } from '../../policies/batch/default-policy.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { createRouter } from '../../policies/routing/router-registry.js';
import type { LoadKind, ReportRun } from '../../reports/report-input.js';
import { siblingPath, writeReport } from '../../reports/write-report.js';
import { sniffTraceFormat } from '../../workloads/sniff-trace-format.js';
import { CliError } from '../cli-error.js';
import { notice } from '../notice.js';
import { createProgress } from '../progress.js';
import { checkModelLen } from '../request-fit.js';
import { exitOnSignals } from '../signals.js';
import {
  addSimulationFlags,
  modelLenOptions,
  optionalNumber,
  parseNameList,
  parseNumberList,
  parseSimulationFlags,
  type SimulationFlags,
} from './sweep-flags.js';
import type { SweepPoint } from './sweep-point.js';
import { runSweepPool } from './sweep-pool.js';
import { readSweepTrace } from './sweep-simulation.js';

/**
 * `llmsched compare`: every policy at every load, simulated in parallel worker threads, written as
 * report.html (self-contained, with charts) plus report.json and report.csv next to it.
 */
export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('compare policies over loads on a trace; writes an HTML/JSON/CSV report');
  addSimulationFlags(command)
    .option(
      '--policies <list>',
      'comma-separated policy names (default: the baseline and the default policy)',
      `vllm-fcfs,${defaultBatchPolicyName}`,
    )
    .option('--rate-scales <list>', 'comma-separated rate multipliers (timestamped traces)')
    .option('--rates <list>', 'comma-separated arrival rates, req/s (any trace)')
    .option(
      '--out <path>',
      'report HTML path (.json and .csv are written next to it)',
      'report.html',
    )
    .option('--title <text>', 'report title')
    .option('--workers <n>', 'worker threads (default: cores, at most the runs)')
    .option('--quiet', 'no progress on stderr')
    .action(async (raw: Record<string, unknown>) => {
      await runCompare(raw);
    });
}

/** The load axis from --rates / --rate-scales (exactly one of them). */
export function parseLoads(raw: Readonly<Record<string, unknown>>): {
  kind: LoadKind;
  values: number[];
} {
  const rates = raw['rates'];
  const scales = raw['rateScales'];
  if (typeof rates === 'string' && typeof scales === 'string') {
    throw new CliError('give either --rates or --rate-scales, not both');
  }
  if (typeof rates === 'string') return { kind: 'rate', values: parseNumberList(rates, '--rates') };
  if (typeof scales === 'string')
    return { kind: 'rateScale', values: parseNumberList(scales, '--rate-scales') };
  throw new CliError('give the loads: --rates LIST (req/s) or --rate-scales LIST');
}

export function sweepPoint(
  flags: SimulationFlags,
  policy: string,
  kind: LoadKind,
  load: number,
): SweepPoint {
  return { ...flags, policy, loadKind: kind, load };
}

async function runCompare(raw: Record<string, unknown>): Promise<void> {
  exitOnSignals();
  const flags = parseSimulationFlags(raw);
  const policies = parseNameList(String(raw['policies']), '--policies');
  const loads = parseLoads(raw);
  const out = resolve(String(raw['out']));
  if (!out.toLowerCase().endsWith('.html'))
    throw new CliError(`--out: expected an .html path, got '${raw['out']}'`);
  const workers = optionalNumber(raw, 'workers', '--workers', { integer: true, min: 1 });
  checkSweep(flags, policies, loads.kind);
  for (const path of [out, siblingPath(out, 'json'), siblingPath(out, 'csv')])
    checkOutputPath('--out', path);
  // reads (and so validates) the whole trace once, here, before any worker starts; notes once
  const first = sweepPoint(flags, policies[0] ?? '', loads.kind, loads.values[0] ?? 1);
  const firstRequests = readSweepTrace(first, notice);
  checkModelLen(firstRequests, modelLenOptions(flags, flags.trace), notice);
  // per-request targets (the trace's own, --slo-mix, or the run's) make SLO metrics apply
  const hasSlo = firstRequests.some((request) => request.slo !== undefined);
  const points = policies.flatMap((policy) =>
    loads.values.map((load) => sweepPoint(flags, policy, loads.kind, load)),
  );
  const progress = createProgress({
    label: 'simulating',
    total: points.length,
    unit: 'runs',
    quiet: raw['quiet'] === true,
  });
  let results: Awaited<ReturnType<typeof runSweepPool>>;
  try {
    results = await runSweepPool(points, {
      ...(workers === undefined ? {} : { workers }),
      onResult: (index) => progress.tick(`${points[index]?.policy} @ ${points[index]?.load}`),
    });
  } finally {
    progress.stop();
  }
  const runs: ReportRun[] = results.map((result, i) => ({
    policy: points[i]?.policy ?? '',
    load: points[i]?.load ?? 0,
    summary: result.summary,
    failedByKind: result.failedByKind,
    latencies: { ttft: result.ttft, e2e: result.e2e },
  }));
  const written = writeReport(out, {
    title: typeof raw['title'] === 'string' ? raw['title'] : `llmsched compare: ${flags.trace}`,
    trace: flags.trace,
    loadKind: loads.kind,
    ...(hasSlo
      ? {
          slo: {
            ...(flags.sloTtft === undefined ? {} : { ttft: flags.sloTtft }),
            ...(flags.sloTbt === undefined ? {} : { tbt: flags.sloTbt }),
            ...(flags.sloMix === undefined ? {} : { mix: flags.sloMix }),
            // no SLO flag, yet targets: the trace's own
            ...(flags.sloTtft === undefined &&
            flags.sloTbt === undefined &&
            flags.sloMix === undefined
              ? { perRequest: true }
              : {}),
          },
        }
      : {}),
    settings: {
      model: flags.model,
      gpu: flags.gpu,
      'cost model': flags.costModel,
      replicas: flags.replicas,
      ...(flags.replicas > 1 ? { router: flags.router } : {}),
      predictor:
        flags.predictor ??
        'oracle (the default: true output lengths, used only by policies that need predictions)',
      ...(flags.requests === undefined ? {} : { requests: flags.requests }),
      ...(flags.maxModelLen === undefined ? {} : { 'max model len': flags.maxModelLen }),
      seed: flags.seed,
    },
    runs,
  });
  process.stdout.write(formatCompareTable(runs, loads.kind, hasSlo));
  process.stdout.write(`wrote ${written.html}, ${written.json}, ${written.csv}\n`);
}

/**
 * Fails fast, in the main thread, on what would otherwise fail in every worker: unknown policies
 * or router, a missing trace, rate scales on a trace without timestamps.
 */
export function checkSweep(
  flags: SimulationFlags,
  policies: readonly string[],
  kind: LoadKind,
): void {
  for (const policy of policies) resolveBatchPolicy(policy);
  if (flags.replicas > 1) createRouter(flags.router);
  const format = flags.format === 'auto' ? sniffTraceFormat(flags.trace).format : flags.format;
  if (kind === 'rateScale' && (format === 'lengths' || format === 'synthetic')) {
    throw new CliError(
      `${flags.trace} has no timestamps: give arrival rates with --rates, not --rate-scales`,
    );
  }
}

/** A compact text table of the sweep for the terminal. */
export function formatCompareTable(
  runs: readonly ReportRun[],
  kind: LoadKind,
  hasSlo = true,
): string {
  const header = [
    'policy',
    kind === 'rate' ? 'rate' : 'scale',
    'done',
    'ttft_mean',
    'ttft_p99',
    'e2e_mean',
    'e2e_p99',
    'slo',
  ];
  const rows = runs.map((run) => [
    run.policy,
    String(run.load),
    `${run.summary.completed}/${run.summary.requests}`,
    run.summary.ttft.mean.toFixed(3),
    run.summary.ttft.p99.toFixed(3),
    run.summary.e2e.mean.toFixed(3),
    run.summary.e2e.p99.toFixed(3),
    hasSlo ? run.summary.sloAttainment.toFixed(3) : 'n/a',
  ]);
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ')}\n`;
  return line(header) + rows.map(line).join('');
}
