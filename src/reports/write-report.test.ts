/**
 * `writeReport`: one self-contained HTML file with the inlined ECharts library, the same data as
 * JSON and CSV, nulls without an SLO.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReportInput } from '../../test/fixtures/report-fixture.js';
import { cdfPoints } from './cdf-points.js';
import { loadEchartsSource } from './echarts-source.js';
import { reportCsvColumns } from './report-csv.js';
import type { ReportData } from './report-data.js';
import { siblingPath, writeReport } from './write-report.js';

describe('writeReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-report-'));
  const written = writeReport(join(dir, 'report.html'), sampleReportInput());
  const html = readFileSync(written.html, 'utf8');

  it('writes one self-contained HTML file with the inlined ECharts library and the data', () => {
    expect(written.json).toBe(join(dir, 'report.json'));
    expect(written.csv).toBe(join(dir, 'report.csv'));
    expect(html).toContain('<script id="report-data" type="application/json">');
    const bundle = loadEchartsSource();
    expect(html).toContain(bundle.slice(0, 400)); // the ECharts bundle itself, inlined
    expect(html).toContain(bundle.slice(-400));
    expect(html).not.toMatch(/<script[^>]+src=/); // nothing loaded from elsewhere
    const embedded =
      /<script id="report-data" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(embedded) as ReportData;
    expect(data.policies).toEqual(['vllm-fcfs', 'sprpt']);
    expect(data.loads).toEqual([0.5, 1, 2]);
    expect(data.runs).toHaveLength(6);
    for (const id of [
      'chart-ttft-mean',
      'chart-e2e-p99',
      'chart-slo',
      'chart-ttft-cdf',
      'chart-e2e-cdf',
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('<td class="policy">sprpt</td>'); // the static table
  });

  it('writes the same data as JSON and CSV', () => {
    const json = JSON.parse(readFileSync(written.json, 'utf8')) as ReportData;
    expect(json).toEqual(written.data);
    expect(json.runs[0]?.summary.ttft.mean).toBeGreaterThan(0);
    expect(json.runs[0]?.cdf.ttft.at(-1)?.[1]).toBe(1);
    const lines = readFileSync(written.csv, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]?.split(',')).toEqual(reportCsvColumns);
    expect(lines[0]).toContain('ttft_p99');
    const first = lines[1]?.split(',') ?? [];
    expect(first.slice(0, 2)).toEqual(['vllm-fcfs', '0.5']);
    const p99 = reportCsvColumns.indexOf('ttft_p99');
    expect(Number(first[p99])).toBeCloseTo(json.runs[0]?.summary.ttft.p99 ?? -1, 12);
  });

  it('without an SLO: attainment and goodput are null in JSON, empty in CSV; failures by kind', () => {
    const base = sampleReportInput();
    const { slo: _slo, ...input } = base;
    const runs = input.runs.map((run, i) =>
      i === 0
        ? {
            ...run,
            summary: { ...run.summary, completed: run.summary.requests - 3 },
            failedByKind: { 'kv-capacity': 2, stalled: 1 },
          }
        : run,
    );
    const out = writeReport(join(dir, 'no-slo.html'), { ...input, runs });
    const json = JSON.parse(readFileSync(out.json, 'utf8')) as ReportData;
    expect(json.hasSlo).toBe(false);
    for (const run of json.runs) {
      expect([run.summary.sloAttainment, run.summary.goodput]).toEqual([null, null]);
    }
    expect(json.runs[0]?.summary.failedByKind).toEqual({ 'kv-capacity': 2, stalled: 1 });
    expect(json.runs[1]?.summary.failedByKind).toEqual({});
    const [head, first, second] = readFileSync(out.csv, 'utf8').trim().split('\n');
    const column = (name: string, line: string | undefined) =>
      line?.split(',')[head?.split(',').indexOf(name) ?? -1];
    expect([column('sloAttainment', first), column('goodput', first)]).toEqual(['', '']);
    expect(column('failedByKind', first)).toBe('kv-capacity:2;stalled:1');
    expect(column('failedByKind', second)).toBe('');
    expect(readFileSync(out.html, 'utf8')).toContain('(failed: kv-capacity 2, stalled 1)');
  });

  it('escapes text that could close the data script', () => {
    const input = { ...sampleReportInput(), title: '</script><b>x' };
    const out = writeReport(join(dir, 'escaped.html'), input);
    const text = readFileSync(out.html, 'utf8');
    expect(text).toContain('&lt;/script&gt;&lt;b&gt;x');
    expect(text).toContain('\\u003c/script>');
  });
});

describe('report helpers', () => {
  it('cdfPoints keeps min, max and at most ~maxPoints points', () => {
    expect(cdfPoints([3, 1, 2])).toEqual([
      [1, 1 / 3],
      [2, 2 / 3],
      [3, 1],
    ]);
    const many = cdfPoints(
      Array.from({ length: 10_000 }, (_, i) => 10_000 - i),
      100,
    );
    expect(many.length).toBeLessThanOrEqual(102);
    expect(many[0]).toEqual([1, 1 / 10_000]);
    expect(many.at(-1)).toEqual([10_000, 1]);
    expect(cdfPoints([])).toEqual([]);
  });
  it('siblingPath swaps the extension', () => {
    expect(siblingPath('out/report.html', 'json')).toBe('out/report.json');
    expect(siblingPath('out.d/report', 'csv')).toBe('out.d/report.csv');
  });
});
