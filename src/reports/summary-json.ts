/**
 * The JSON form of a run's summary, as llmsched prints and writes it (`simulate --json`,
 * `engine replay --json`, `capacity --json`, compare's report.json and report.csv): the
 * RunSummary's keys in their order, honest about what does not apply, plus the failures by kind.
 *
 * - `sloAttainment`, `goodput`: `null` when no request has an SLO (run `--slo-ttft`/`--slo-tbt`,
 *   `--slo-mix` or per-request targets): they do not apply (text output prints n/a). The keys stay.
 * - `failedByKind`: failed requests counted by error kind (`{}` when every request completed);
 *   `requests - completed` is their sum.
 *
 * @example
 * summaryJson(summary, { hasSlo: false, failedByKind: {} }); // { ..., sloAttainment: null, goodput: null, ..., failedByKind: {} }
 */

import type { RunSummary } from '../metrics/run-summary.js';

/**
 * The JSON form of a run's summary, as llmsched prints and writes it (`simulate --json`, `engine
 * replay --json`, `capacity --json`, compare's report.json and report.csv): the RunSummary's keys
 * in their order, honest about what does not apply, plus the failures by kind.
 */
export type SummaryJson = Omit<RunSummary, 'sloAttainment' | 'goodput'> & {
  readonly sloAttainment: number | null;
  readonly goodput: number | null;
  readonly failedByKind: Readonly<Record<string, number>>;
};

export function summaryJson(
  summary: RunSummary,
  run: { readonly hasSlo: boolean; readonly failedByKind: Readonly<Record<string, number>> },
): SummaryJson {
  return {
    ...summary,
    sloAttainment: run.hasSlo ? summary.sloAttainment : null,
    goodput: run.hasSlo ? summary.goodput : null,
    failedByKind: { ...run.failedByKind },
  };
}

/** Failed requests by error kind, from per-request records (`error.kind`). */
export function countFailedByKind(
  records: Iterable<{ readonly error?: { readonly kind: string } | undefined }>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) {
    if (record.error !== undefined)
      counts[record.error.kind] = (counts[record.error.kind] ?? 0) + 1;
  }
  return counts;
}
