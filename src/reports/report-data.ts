import type { RunSummary } from '../metrics/run-summary.js';
import { cdfPoints } from './cdf-points.js';
import type { LoadKind, ReportInput } from './report-input.js';

/**
 * The report's data, as written to report.json and embedded in report.html: every run's summary
 * and its TTFT / E2E CDFs (downsampled), sorted by policy (in the order first given) then load.
 */
export interface ReportData {
  readonly title: string;
  readonly trace: string;
  readonly loadKind: LoadKind;
  readonly loadLabel: string;
  readonly slo: { readonly ttft: number | null; readonly tbt: number | null };
  readonly settings: Readonly<Record<string, string | number>>;
  readonly policies: readonly string[];
  readonly loads: readonly number[];
  readonly runs: readonly ReportDataRun[];
}

export interface ReportDataRun {
  readonly policy: string;
  readonly load: number;
  readonly summary: RunSummary;
  readonly cdf: { readonly ttft: [number, number][]; readonly e2e: [number, number][] };
}

export const loadLabels: Record<LoadKind, string> = {
  rate: 'arrival rate (req/s)',
  rateScale: 'rate scale (x trace rate)',
};

/** Builds the report data from plain run results. */
export function buildReportData(input: ReportInput): ReportData {
  const policies = [...new Set(input.runs.map((run) => run.policy))];
  const loads = [...new Set(input.runs.map((run) => run.load))].sort((a, b) => a - b);
  const runs = input.runs
    .map((run) => ({
      policy: run.policy,
      load: run.load,
      summary: run.summary,
      cdf: { ttft: cdfPoints(run.latencies.ttft), e2e: cdfPoints(run.latencies.e2e) },
    }))
    .sort((a, b) => policies.indexOf(a.policy) - policies.indexOf(b.policy) || a.load - b.load);
  return {
    title: input.title,
    trace: input.trace,
    loadKind: input.loadKind,
    loadLabel: loadLabels[input.loadKind],
    slo: { ttft: input.slo?.ttft ?? null, tbt: input.slo?.tbt ?? null },
    settings: input.settings,
    policies,
    loads,
    runs,
  };
}
