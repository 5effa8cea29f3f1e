/**
 * `llmsched capacity`: the highest load at which `--policy` still meets the capacity criterion
 * (capacity-criterion.ts). Default `--criterion paper`: median TTFT <= 0.5 s, median scheduling
 * delay <= 2 s and p99 TBT within the TBT SLO (the SLAI paper on the Sarathi-Serve harness);
 * `--criterion attainment --target 0.9`: SLO attainment >= 0.9 (the older criterion).
 * Stability guard of the paper criterion (ours): `--stability burst` (default) fails loads offered
 * faster than the policy serves the whole trace arriving at once; `--stability steady` judges the
 * probe's own run: its backlog must not grow and no request may starve (capacity-stability.ts);
 * `--stability none` (or `--no-stable`) drops the guard.
 * Binary search on the arrival rate (`--search rate`, the default for length-only and synthetic
 * traces) or on the trace's rate scale (`--search rate-scale`, the default for timestamped traces).
 *
 * @example
 * llmsched capacity --trace sharegpt-lengths.csv --policy slai --model mistral-7b --gpu a100 --slo-tbt 0.1
 * llmsched capacity --trace azure.csv --policy vllm-fcfs --criterion attainment --slo-ttft 2 --target 0.9
 * llmsched capacity --trace sharegpt-lengths.csv --policy rad --model mistral-7b --slo-tbt 0.2 --stability steady
 */

import type { Command } from 'commander';
import type { LoadKind } from '../../reports/report-input.js';
import { summaryJson } from '../../reports/summary-json.js';
import { sniffTraceFormat } from '../../workloads/sniff-trace-format.js';
import { CliError } from '../cli-error.js';
import { notice } from '../notice.js';
import { checkModelLen } from '../request-fit.js';
import {
  type CapacityCriterion,
  type CriterionVerdict,
  judgeCapacity,
} from './capacity-criterion.js';
import { type CapacityOutcome, searchCapacity } from './capacity-search.js';
import { defaultSteadyLimits, type SteadyLimits } from './capacity-stability.js';
import {
  addSimulationFlags,
  modelLenOptions,
  optionalNumber,
  parseSimulationFlags,
} from './sweep-flags.js';
import type { SweepPoint, SweepResult } from './sweep-point.js';
import { readSweepTrace, runSweepPoint } from './sweep-simulation.js';

/**
 * `llmsched capacity`: the highest load at which `--policy` still meets the capacity criterion
 * (capacity-criterion.ts).
 */
export function registerCapacity(program: Command): void {
  const command = program
    .command('capacity')
    .description('highest load meeting a capacity criterion (binary search)');
  addSimulationFlags(command)
    .requiredOption('--policy <name>', 'policy')
    .option('--criterion <kind>', 'paper | attainment', 'paper')
    .option('--ttft-p50 <seconds>', 'paper: median TTFT limit', '0.5')
    .option('--delay-p50 <seconds>', 'paper: median scheduling-delay limit', '2')
    .option(
      '--stability <guard>',
      'paper: burst (offered <= service rate of the whole trace at once) | steady (no backlog growth, no starvation in the run) | none',
      'burst',
    )
    .option('--no-stable', 'paper: no stability guard (same as --stability none)')
    .option(
      '--max-growth <share>',
      'steady: share of the offered work allowed to pile up over the arrival window',
      String(defaultSteadyLimits.growth),
    )
    .option(
      '--max-delay-share <share>',
      'steady: longest scheduling delay allowed, as a share of the arrival window',
      String(defaultSteadyLimits.maxDelayShare),
    )
    .option('--target <share>', 'attainment: SLO attainment to meet, in (0, 1]', '0.9')
    .option('--search <kind>', 'rate | rate-scale (default: rate-scale for timestamped traces)')
    .option('--start <load>', 'first load probed (default 1)')
    .option('--tolerance <relative>', 'relative precision of the answer', '0.02')
    .option('--json', 'print one JSON object')
    .action(async (raw: Record<string, unknown>) => {
      await runCapacity(raw);
    });
}

interface Probe {
  readonly load: number;
  readonly verdict: CriterionVerdict;
  readonly result: SweepResult;
}

function parseCriterion(
  raw: Readonly<Record<string, unknown>>,
  flags: ReturnType<typeof parseSimulationFlags>,
): CapacityCriterion {
  const kind = raw['criterion'] ?? 'paper';
  if (kind === 'attainment') {
    if (flags.sloTtft === undefined && flags.sloTbt === undefined && flags.sloMix === undefined) {
      throw new CliError('capacity needs an SLO: give --slo-ttft and/or --slo-tbt');
    }
    const target = optionalNumber(raw, 'target', '--target', { positive: true }) ?? 0.9;
    if (target > 1)
      throw new CliError(`--target: expected a share in (0, 1], got '${String(raw['target'])}'`);
    return { kind: 'attainment', target };
  }
  if (kind !== 'paper')
    throw new CliError(`--criterion: expected paper or attainment, got '${String(kind)}'`);
  return {
    kind: 'paper',
    ttftP50: optionalNumber(raw, 'ttftP50', '--ttft-p50', { positive: true }) ?? 0.5,
    delayP50: optionalNumber(raw, 'delayP50', '--delay-p50', { positive: true }) ?? 2,
    ...(flags.sloTbt === undefined ? {} : { sloTbt: flags.sloTbt }),
  };
}

/** The paper criterion's stability guard (`--stability`, `--no-stable`). */
type StabilityKind = 'burst' | 'steady' | 'none';

function parseStability(raw: Readonly<Record<string, unknown>>): StabilityKind {
  if (raw['stable'] === false) return 'none';
  const kind = raw['stability'] ?? 'burst';
  if (kind === 'burst' || kind === 'steady' || kind === 'none') return kind;
  throw new CliError(`--stability: expected burst, steady or none, got '${String(kind)}'`);
}

function parseSteadyLimits(raw: Readonly<Record<string, unknown>>): SteadyLimits {
  return {
    growth:
      optionalNumber(raw, 'maxGrowth', '--max-growth', { positive: true }) ??
      defaultSteadyLimits.growth,
    maxDelayShare:
      optionalNumber(raw, 'maxDelayShare', '--max-delay-share', { positive: true }) ??
      defaultSteadyLimits.maxDelayShare,
  };
}

/**
 * The requests per second `point.policy` serves when the whole trace arrives at once (rate 1e6
 * req/s or rate scale 1e4): completed / (last completion - first arrival).
 */
export function runSaturated(point: SweepPoint): SweepResult {
  return runSweepPoint({ ...point, load: point.loadKind === 'rate' ? 1e6 : 1e4 }, notice);
}

/** Completed requests per second of a run. */
export function serviceRateOf(result: SweepResult): number {
  const { summary } = result;
  return summary.durationSeconds > 0 ? summary.completed / summary.durationSeconds : 0;
}

/** The paper criterion needs a TBT target: the run's, or some request's (trace, --slo-mix). */
function checkTbtTarget(criterion: CapacityCriterion, result: SweepResult): void {
  if (criterion.kind !== 'paper' || criterion.sloTbt !== undefined) return;
  if (result.summary.sloClasses?.some((entry) => entry.tbtTarget !== undefined)) return;
  throw new CliError(
    'capacity --criterion paper needs a TBT SLO: give --slo-tbt SECONDS (or --slo-mix, or slo_tbt in the trace)',
  );
}

async function runCapacity(raw: Record<string, unknown>): Promise<void> {
  const flags = parseSimulationFlags(raw);
  let criterion = parseCriterion(raw, flags);
  const tolerance = optionalNumber(raw, 'tolerance', '--tolerance', { positive: true }) ?? 0.02;
  const start = optionalNumber(raw, 'start', '--start', { positive: true }) ?? 1;
  const kind = searchKind(raw, flags.trace, flags.format);
  const policy = String(raw['policy']);
  // reads (and so validates) the whole trace once before the search; notes once
  const first: SweepPoint = { ...flags, policy, loadKind: kind, load: start };
  const firstRequests = readSweepTrace(first, notice);
  checkModelLen(firstRequests, modelLenOptions(flags, flags.trace), notice);
  const hasSlo = firstRequests.some((request) => request.slo !== undefined);
  const probes = new Map<number, Probe>();
  const stability = criterion.kind === 'paper' ? parseStability(raw) : 'none';
  if (criterion.kind === 'paper' && stability === 'steady')
    criterion = { ...criterion, steady: parseSteadyLimits(raw) };
  if (criterion.kind === 'paper' && stability === 'burst') {
    const saturated = runSaturated({ ...flags, policy, loadKind: kind, load: 1 });
    checkTbtTarget(criterion, saturated);
    const serviceRate = serviceRateOf(saturated);
    process.stderr.write(
      `  service rate of ${policy} (whole trace arriving at once): ${serviceRate.toFixed(3)} req/s\n`,
    );
    criterion = { ...criterion, serviceRate };
  }
  const outcome = await searchCapacity(
    (load) => {
      const point: SweepPoint = { ...flags, policy, loadKind: kind, load };
      const result = runSweepPoint(point, notice);
      checkTbtTarget(criterion, result);
      const verdict = judgeCapacity(criterion, result);
      probes.set(load, { load, verdict, result });
      // progress: one stderr line per probe, also with --json (stdout stays the JSON)
      const backlog = result.backlog;
      process.stderr.write(
        `  ${kind === 'rate' ? 'rate' : 'scale'} ${load.toPrecision(4)}: ${verdict.passed ? 'pass' : `fail (${verdict.reason})`}; TTFT p50 ${verdict.ttftP50.toFixed(3)} s, delay p50 ${verdict.delayP50.toFixed(3)} s, TBT p99 ${verdict.tbtP99.toFixed(4)} s, attainment ${verdict.attainment.toFixed(3)}, backlog growth ${(backlog.growth * 100).toFixed(1)}%, longest wait ${backlog.maxDelay.toFixed(0)} s (${(backlog.maxDelayShare * 100).toFixed(0)}% of the window)\n`,
      );
      return verdict.passed;
    },
    { start, tolerance },
  );
  const best = outcomeLoad(outcome);
  const at = best === undefined ? undefined : probes.get(best);
  if (raw['json'] === true) {
    process.stdout.write(
      `${JSON.stringify({
        policy,
        search: kind,
        criterion,
        ...(criterion.kind === 'attainment' ? { target: criterion.target } : {}),
        outcome: outcome.kind,
        ...(kind === 'rate' ? { rate: best ?? null } : { rateScale: best ?? null }),
        attainment: at?.verdict.attainment ?? null,
        tbtP99: at?.verdict.tbtP99 ?? null,
        summary:
          at === undefined
            ? null
            : summaryJson(at.result.summary, {
                hasSlo,
                failedByKind: at.result.failedByKind,
              }),
        probes: outcome.probes.map((probe) => {
          const verdict = probes.get(probe.load)?.verdict;
          return {
            load: probe.load,
            passed: probe.passed,
            reason: verdict?.reason ?? null,
            attainment: verdict?.attainment ?? null,
            ttftP50: verdict?.ttftP50 ?? null,
            delayP50: verdict?.delayP50 ?? null,
            tbtP99: verdict?.tbtP99 ?? null,
            backlogGrowth: probes.get(probe.load)?.result.backlog.growth ?? null,
            maxDelayShare: probes.get(probe.load)?.result.backlog.maxDelayShare ?? null,
          };
        }),
      })}\n`,
    );
    return;
  }
  process.stdout.write(formatOutcome(outcome, kind, policy, criterion, at));
}

function searchKind(
  raw: Readonly<Record<string, unknown>>,
  trace: string,
  format: string,
): LoadKind {
  const given = raw['search'];
  if (given === 'rate') return 'rate';
  if (given === 'rate-scale') return 'rateScale';
  if (given !== undefined)
    throw new CliError(`--search: expected rate or rate-scale, got '${String(given)}'`);
  if (format === 'lengths') return 'rate';
  if (format !== 'auto') return 'rateScale';
  return sniffTraceFormat(trace).timestamped ? 'rateScale' : 'rate';
}

function outcomeLoad(outcome: CapacityOutcome): number | undefined {
  switch (outcome.kind) {
    case 'found':
      return outcome.load;
    case 'above-range':
      return outcome.highest;
    case 'below-range':
      return undefined;
  }
}

function describe(criterion: CapacityCriterion): string {
  if (criterion.kind !== 'paper') return `SLO attainment >= ${criterion.target}`;
  const guard =
    criterion.steady !== undefined
      ? `, backlog growth <= ${criterion.steady.growth * 100}% and longest wait <= ${criterion.steady.maxDelayShare * 100}% of the arrival window`
      : criterion.serviceRate !== undefined
        ? `, offered <= service rate ${criterion.serviceRate.toFixed(3)} req/s`
        : '';
  return `median TTFT <= ${criterion.ttftP50} s, median scheduling delay <= ${criterion.delayP50} s, p99 TBT within the SLO${guard}`;
}

function formatOutcome(
  outcome: CapacityOutcome,
  kind: LoadKind,
  policy: string,
  criterion: CapacityCriterion,
  at: Probe | undefined,
): string {
  const unit = kind === 'rate' ? 'req/s' : 'x the trace rate';
  if (outcome.kind === 'below-range') {
    return `capacity of ${policy}: below ${outcome.lowest.toPrecision(4)} ${unit} (${describe(criterion)} fails at every load tried)\n`;
  }
  const load = outcomeLoad(outcome) ?? 0;
  const prefix = outcome.kind === 'above-range' ? 'at least ' : '';
  const s = at?.result.summary;
  const lines = [
    `capacity of ${policy}: ${prefix}${load.toPrecision(4)} ${unit} (${describe(criterion)})`,
  ];
  if (s !== undefined && at !== undefined) {
    lines.push(
      `  completed ${s.completed}/${s.requests}, throughput ${s.throughputTokensPerSecond.toFixed(0)} tok/s, goodput ${s.goodput.toFixed(3)} req/s, SLO attainment ${at.verdict.attainment.toFixed(3)}`,
      `  TTFT p50 ${s.ttft.p50.toFixed(3)} s p99 ${s.ttft.p99.toFixed(3)} s; TBT p99 ${at.verdict.tbtP99.toFixed(4)} s; scheduling delay p50 ${s.queueDelay.p50.toFixed(3)} s`,
      `  E2E mean ${s.e2e.mean.toFixed(3)} s p99 ${s.e2e.p99.toFixed(3)} s; preemptions ${s.preemptions}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
