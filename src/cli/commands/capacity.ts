import type { Command } from 'commander';
import type { RunSummary } from '../../metrics/run-summary.js';
import type { LoadKind } from '../../reports/report-input.js';
import { sniffTraceFormat } from '../../workloads/sniff-trace-format.js';
import { CliError } from '../cli-error.js';
import { notice } from '../notice.js';
import { type CapacityOutcome, searchCapacity } from './capacity-search.js';
import { addSimulationFlags, optionalNumber, parseSimulationFlags } from './sweep-flags.js';
import { effectiveAttainment, type SweepPoint } from './sweep-point.js';
import { runSweepPoint } from './sweep-simulation.js';

/**
 * `llmsched capacity`: the highest load at which `--policy` meets the SLO for at least `--target`
 * of the requests (failed requests count as misses). Binary search on the arrival rate
 * (`--search rate`, the default for length-only and synthetic traces) or on the trace's rate
 * scale (`--search rate-scale`, the default for timestamped traces).
 *
 * @example
 * llmsched capacity --trace azure.csv --policy vllm-fcfs --slo-ttft 2 --slo-tbt 0.2 --target 0.9
 */
export function registerCapacity(program: Command): void {
  const command = program
    .command('capacity')
    .description('highest load meeting an SLO attainment target (binary search)');
  addSimulationFlags(command)
    .requiredOption('--policy <name>', 'policy')
    .option('--target <share>', 'SLO attainment to meet, in (0, 1]', '0.9')
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
  readonly attainment: number;
  readonly summary: RunSummary;
}

async function runCapacity(raw: Record<string, unknown>): Promise<void> {
  const flags = parseSimulationFlags(raw);
  if (flags.sloTtft === undefined && flags.sloTbt === undefined) {
    throw new CliError('capacity needs an SLO: give --slo-ttft and/or --slo-tbt');
  }
  const target = optionalNumber(raw, 'target', '--target', { positive: true }) ?? 0.9;
  if (target > 1)
    throw new CliError(`--target: expected a share in (0, 1], got '${String(raw['target'])}'`);
  const tolerance = optionalNumber(raw, 'tolerance', '--tolerance', { positive: true }) ?? 0.02;
  const start = optionalNumber(raw, 'start', '--start', { positive: true }) ?? 1;
  const kind = searchKind(raw, flags.trace, flags.format);
  const policy = String(raw['policy']);
  const summaries = new Map<number, Probe>();
  const outcome = await searchCapacity(
    (load) => {
      const point: SweepPoint = { ...flags, policy, loadKind: kind, load };
      const { summary } = runSweepPoint(point, notice);
      const attainment = effectiveAttainment(summary);
      summaries.set(load, { load, attainment, summary });
      if (raw['json'] !== true) {
        process.stderr.write(
          `  ${kind === 'rate' ? 'rate' : 'scale'} ${load.toPrecision(4)}: SLO attainment ${attainment.toFixed(3)}\n`,
        );
      }
      return attainment;
    },
    { start, target, tolerance },
  );
  const best = outcomeLoad(outcome);
  const at = best === undefined ? undefined : summaries.get(best);
  if (raw['json'] === true) {
    process.stdout.write(
      `${JSON.stringify({
        policy,
        search: kind,
        target,
        outcome: outcome.kind,
        ...(kind === 'rate' ? { rate: best ?? null } : { rateScale: best ?? null }),
        attainment: at?.attainment ?? null,
        summary: at?.summary ?? null,
        probes: outcome.probes,
      })}\n`,
    );
    return;
  }
  process.stdout.write(formatOutcome(outcome, kind, policy, target, at));
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

function formatOutcome(
  outcome: CapacityOutcome,
  kind: LoadKind,
  policy: string,
  target: number,
  at: Probe | undefined,
): string {
  const unit = kind === 'rate' ? 'req/s' : 'x the trace rate';
  if (outcome.kind === 'below-range') {
    return `capacity of ${policy}: below ${outcome.lowest.toPrecision(4)} ${unit} (SLO attainment < ${target} at every load tried)\n`;
  }
  const load = outcomeLoad(outcome) ?? 0;
  const prefix = outcome.kind === 'above-range' ? 'at least ' : '';
  const s = at?.summary;
  const lines = [
    `capacity of ${policy}: ${prefix}${load.toPrecision(4)} ${unit} (SLO attainment ${at?.attainment.toFixed(3)} >= ${target})`,
  ];
  if (s !== undefined) {
    lines.push(
      `  completed ${s.completed}/${s.requests}, throughput ${s.throughputTokensPerSecond.toFixed(0)} tok/s, goodput ${s.goodput.toFixed(3)} req/s`,
      `  TTFT mean ${s.ttft.mean.toFixed(3)} s p99 ${s.ttft.p99.toFixed(3)} s; TPOT mean ${s.tpot.mean.toFixed(4)} s p99 ${s.tpot.p99.toFixed(4)} s`,
      `  E2E mean ${s.e2e.mean.toFixed(3)} s p99 ${s.e2e.p99.toFixed(3)} s; preemptions ${s.preemptions}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
