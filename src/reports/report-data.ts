/**
 * The report's data, as written to report.json and embedded in report.html: every run's summary
 * and its TTFT / E2E CDFs (downsampled), sorted by policy (in the order first given) then load.
 */

import { cdfPoints } from './cdf-points.js';
import type { LoadKind, ReportInput } from './report-input.js';
import { type SummaryJson, summaryJson } from './summary-json.js';

/**
 * The report's data, as written to report.json and embedded in report.html: every run's summary
 * and its TTFT / E2E CDFs (downsampled), sorted by policy (in the order first given) then load.
 */
export interface ReportData {
  readonly title: string;
  readonly trace: string;
  readonly loadKind: LoadKind;
  readonly loadLabel: string;
  readonly slo: {
    readonly ttft: number | null;
    readonly tbt: number | null;
    readonly mix: string | null;
    /** Some requests carry their own targets (trace `slo_*` / `slo_class`). */
    readonly perRequest: boolean;
  };
  /** Whether any SLO applies: without one, SLO attainment and goodput are not shown (n/a). */
  readonly hasSlo: boolean;
  readonly settings: Readonly<Record<string, string | number>>;
  readonly policies: readonly string[];
  readonly loads: readonly number[];
  readonly runs: readonly ReportDataRun[];
  /** One line per load: the best policy on mean and on p99 E2E latency, and by how much. */
  readonly takeaways: readonly string[];
}

export interface ReportDataRun {
  readonly policy: string;
  readonly load: number;
  /** The run's summary as JSON (summary-json.ts: n/a as null without an SLO, failedByKind). */
  readonly summary: SummaryJson;
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
  const slo = {
    ttft: input.slo?.ttft ?? null,
    tbt: input.slo?.tbt ?? null,
    mix: input.slo?.mix ?? null,
    perRequest: input.slo?.perRequest === true,
  };
  const hasSlo = slo.ttft !== null || slo.tbt !== null || slo.mix !== null || slo.perRequest;
  const runs = input.runs
    .map((run) => ({
      policy: run.policy,
      load: run.load,
      summary: summaryJson(run.summary, { hasSlo, failedByKind: run.failedByKind }),
      cdf: { ttft: cdfPoints(run.latencies.ttft), e2e: cdfPoints(run.latencies.e2e) },
    }))
    .sort((a, b) => policies.indexOf(a.policy) - policies.indexOf(b.policy) || a.load - b.load);
  return {
    title: input.title,
    trace: input.trace,
    loadKind: input.loadKind,
    loadLabel: loadLabels[input.loadKind],
    slo,
    hasSlo,
    settings: input.settings,
    policies,
    loads,
    runs,
    takeaways: loads.flatMap((load) => {
      const line = takeaway(
        input.loadKind,
        load,
        runs.filter((run) => run.load === load),
      );
      return line === undefined ? [] : [line];
    }),
  };
}

/**
 * `At rate scale 4: sprpt has the lowest mean E2E (1.23 s, 38% below fifo, the next best); vllm-fcfs
 * the lowest p99 E2E (5.1 s, 12% below sprpt).` Runs with failed requests are named (their
 * latencies cover completed requests only). Undefined with fewer than two policies.
 */
export function takeaway(
  kind: LoadKind,
  load: number,
  runs: readonly { readonly policy: string; readonly summary: SummaryJson }[],
): string | undefined {
  const done = runs.filter((run) => run.summary.completed > 0);
  if (done.length < 2) return undefined;
  const best = (pick: (s: SummaryJson) => number, what: string): string => {
    const sorted = [...done].sort((a, b) => pick(a.summary) - pick(b.summary));
    const [first, second] = sorted as [(typeof done)[number], (typeof done)[number]];
    const a = pick(first.summary);
    const b = pick(second.summary);
    const below = b > 0 ? ((b - a) / b) * 100 : 0;
    const margin =
      below < 0.05
        ? `tied with ${second.policy}`
        : `${below.toFixed(below < 10 ? 1 : 0)}% below ${second.policy}, the next best`;
    return `${first.policy} has the lowest ${what} (${seconds(a)}, ${margin})`;
  };
  const failed = done.filter((run) => run.summary.completed < run.summary.requests);
  const caveat =
    failed.length === 0
      ? ''
      : ` Not every request completed for ${failed.map((run) => `${run.policy} (${run.summary.completed}/${run.summary.requests}${failedKinds(run.summary.failedByKind)})`).join(', ')}: latencies cover completed requests only.`;
  const at = kind === 'rate' ? `${load} req/s` : `rate scale ${load}`;
  return `At ${at}: ${best((s) => s.e2e.mean, 'mean E2E')}; ${best((s) => s.e2e.p99, 'p99 E2E')}.${caveat}`;
}

/** `: kv-capacity 2, stalled 1`, or nothing when no kind is known. */
function failedKinds(failed: Readonly<Record<string, number>>): string {
  const parts = Object.entries(failed).map(([kind, count]) => `${kind} ${count}`);
  return parts.length === 0 ? '' : `: ${parts.join(', ')}`;
}

function seconds(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} s` : `${Number(value.toPrecision(3))} s`;
}
