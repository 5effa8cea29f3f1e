/**
 * report.csv: one row per run (policy x load) with the summary flattened; latency columns in
 * seconds (`ttft_mean`, `ttft_p50`, ..., `e2e_p99`). A metric that does not apply (SLO attainment,
 * goodput without an SLO) is an empty cell; `failedByKind` is `kind:count;...` (empty: none failed).
 */
import type { LatencyStats } from '../metrics/run-summary.js';
import type { ReportData } from './report-data.js';

const latencyFields = ['ttft', 'tpot', 'e2e', 'queueDelay'] as const;
const statFields = ['mean', 'p50', 'p90', 'p99'] as const satisfies readonly (keyof LatencyStats)[];
const scalarFields = [
  'requests',
  'completed',
  'durationSeconds',
  'throughputTokensPerSecond',
  'sloAttainment',
  'goodput',
  'preemptions',
  'prefixHitRate',
  'meanKvUtilization',
] as const;

export const reportCsvColumns: readonly string[] = [
  'policy',
  'load',
  ...scalarFields,
  ...latencyFields.flatMap((field) => statFields.map((stat) => `${field}_${stat}`)),
  'failedByKind',
];

/** The CSV text (header + one line per run). */
export function formatReportCsv(data: ReportData): string {
  const lines = [reportCsvColumns.join(',')];
  for (const run of data.runs) {
    const summary = run.summary;
    const cells = [
      csvCell(run.policy),
      String(run.load),
      ...scalarFields.map((field) => String(summary[field] ?? '')),
      ...latencyFields.flatMap((field) => statFields.map((stat) => String(summary[field][stat]))),
      csvCell(
        Object.entries(summary.failedByKind)
          .map(([kind, count]) => `${kind}:${count}`)
          .join(';'),
      ),
    ];
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
