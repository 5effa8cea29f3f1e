/**
 * Writes a comparison report (`llmsched compare`): report.html (self-contained, charts inlined)
 * and the same data as report.json and report.csv beside it, each file written atomically.
 */
import { basename } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { loadEchartsSource } from './echarts-source.js';
import { formatReportCsv } from './report-csv.js';
import { buildReportData, type ReportData } from './report-data.js';
import { renderReportHtml } from './report-html.js';
import type { ReportInput } from './report-input.js';

export interface WrittenReport {
  readonly html: string;
  readonly json: string;
  readonly csv: string;
  readonly data: ReportData;
}

/** `report.html` -> `report.json` / `report.csv` (any extension of `htmlPath` is replaced). */
export function siblingPath(htmlPath: string, extension: 'json' | 'csv'): string {
  const dot = htmlPath.lastIndexOf('.');
  const slash = Math.max(htmlPath.lastIndexOf('/'), htmlPath.lastIndexOf('\\'));
  const stem = dot > slash ? htmlPath.slice(0, dot) : htmlPath;
  return `${stem}.${extension}`;
}

/**
 * Writes the comparison report: a self-contained HTML file at `htmlPath`, and the same data as
 * JSON and CSV next to it. Each file is written atomically (temporary name, then rename).
 *
 * @example
 * writeReport('out/report.html', { title: 'Azure conv', trace, loadKind: 'rateScale', settings: {}, runs });
 */
export function writeReport(htmlPath: string, input: ReportInput): WrittenReport {
  const data = buildReportData(input);
  const json = siblingPath(htmlPath, 'json');
  const csv = siblingPath(htmlPath, 'csv');
  writeFileAtomic(
    htmlPath,
    renderReportHtml(data, loadEchartsSource(), { json: basename(json), csv: basename(csv) }),
  );
  writeFileAtomic(json, `${JSON.stringify(data, null, 2)}\n`);
  writeFileAtomic(csv, formatReportCsv(data));
  return { html: htmlPath, json, csv, data };
}
