/**
 * The report page in a DOM (happy-dom): the inlined ECharts bundle and the page script run
 * without a script error and draw every chart (SVG renderer). A real browser screenshot is in
 * docs/benchmarks.md's report section; this keeps the page honest on every `npm test`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { sampleReportInput } from '../../test/fixtures/report-fixture.js';
import { takeaway } from './report-data.js';
import type { ReportInput } from './report-input.js';
import { writeReport } from './write-report.js';

function renderPage(input: ReportInput, name = 'report.html') {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-page-'));
  const written = writeReport(join(dir, name), input);
  const html = readFileSync(written.html, 'utf8');
  const window = new Window({ width: 1280, height: 900 });
  const errors: string[] = [];
  window.addEventListener('error', (event) =>
    errors.push(String((event as unknown as { message: string }).message)),
  );
  // happy-dom does no layout: give the chart boxes the size the CSS asks for
  Object.defineProperty(window.HTMLElement.prototype, 'clientWidth', { get: () => 600 });
  Object.defineProperty(window.HTMLElement.prototype, 'clientHeight', { get: () => 340 });
  const document = window.document;
  document.write(html.replace(/<script[\s\S]*$/, '</body></html>'));
  const scripts = [
    ...html.matchAll(
      /<script(?: id="report-data" type="application\/json")?>([\s\S]*?)<\/script>/g,
    ),
  ];
  const data = document.createElement('script');
  data.id = 'report-data';
  data.type = 'application/json';
  data.textContent = scripts[0]?.[1] ?? '';
  document.body.appendChild(data);
  for (const match of scripts.slice(1)) {
    try {
      window.eval(match[1] ?? '');
    } catch (error) {
      errors.push(String(error));
    }
  }
  return { document, errors, html };
}

describe('report.html in a DOM', () => {
  it('runs its scripts without errors and draws every chart, with an SLO', () => {
    const { document, errors } = renderPage(sampleReportInput(), 'sweep-a.html');
    expect(errors).toEqual([]);
    const charts = [...document.querySelectorAll('.chart')];
    expect(charts.map((chart) => chart.id)).toEqual([
      'chart-ttft-mean',
      'chart-ttft-p99',
      'chart-e2e-mean',
      'chart-e2e-p99',
      'chart-slo',
      'chart-goodput',
      'chart-ttft-cdf',
      'chart-e2e-cdf',
    ]);
    for (const chart of charts) expect(chart.querySelector('svg'), chart.id).not.toBeNull();
    // two policies: two distinct markers / dash patterns in a latency chart
    const svg = document.querySelector('#chart-e2e-mean svg')?.innerHTML ?? '';
    expect(svg).toContain('stroke-dasharray');
    // the footer names the files actually written next to the page
    expect(document.body.textContent).toContain('sweep-a.json');
    expect(document.body.textContent).toContain('sweep-a.csv');
    expect(document.querySelector('dl.definitions')?.textContent).toContain('time to first token');
    expect(document.querySelectorAll('ul.takeaways li')).toHaveLength(3);
  });

  it('shows no SLO chart and n/a attainment without an SLO', () => {
    const { slo: _slo, ...input } = sampleReportInput();
    const { document, errors } = renderPage(input);
    expect(errors).toEqual([]);
    expect(document.querySelector('#chart-slo')).toBeNull();
    expect(document.querySelector('#chart-goodput')).toBeNull();
    const cells = [...document.querySelectorAll('tbody tr:first-child td')].map(
      (td) => td.textContent,
    );
    expect(cells.slice(9, 11)).toEqual(['n/a', 'n/a']);
    expect(document.querySelector('dl.definitions')?.textContent).toContain('n/a: no SLO');
  });
});

describe('takeaway', () => {
  const summary = (mean: number, p99: number, completed = 10) =>
    ({
      ...sampleReportInput().runs[0]?.summary,
      completed,
      requests: 10,
      e2e: { mean, p50: mean, p90: p99, p99 },
      failedByKind: completed < 10 ? { 'kv-capacity': 10 - completed } : {},
    }) as never;
  it('names the best policy on mean and on p99 and the margin to the next best', () => {
    expect(
      takeaway('rateScale', 4, [
        { policy: 'fifo', summary: summary(2, 10) },
        { policy: 'sprpt', summary: summary(1, 12) },
        { policy: 'srpt', summary: summary(1.5, 20, 8) },
      ]),
    ).toBe(
      'At rate scale 4: sprpt has the lowest mean E2E (1 s, 33% below srpt, the next best); fifo has the lowest p99 E2E (10 s, 17% below sprpt, the next best). Not every request completed for srpt (8/10: kv-capacity 2): latencies cover completed requests only.',
    );
    expect(takeaway('rate', 2, [{ policy: 'fifo', summary: summary(1, 2) }])).toBeUndefined();
  });
});
