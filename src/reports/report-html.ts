/**
 * report.html: one self-contained file (the ECharts bundle and the data inlined; no network).
 * The table is rendered here as static HTML, so it reads even with scripts disabled; the charts
 * are drawn in the browser by report-page-script.ts from the embedded JSON.
 */

import type { ReportData, ReportDataRun } from './report-data.js';
import { reportPageScript } from './report-page-script.js';

/** report.html: one self-contained file (the ECharts bundle and the data inlined; no network). */
export function renderReportHtml(
  data: ReportData,
  echartsSource: string,
  files: { readonly json: string; readonly csv: string } = {
    json: 'report.json',
    csv: 'report.csv',
  },
): string {
  const chartIds = [
    'chart-ttft-mean',
    'chart-ttft-p99',
    'chart-e2e-mean',
    'chart-e2e-p99',
    // no SLO, no SLO charts: attainment and goodput would be meaningless
    ...(data.hasSlo ? ['chart-slo', 'chart-goodput'] : []),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title>
<style>
body { font-family: system-ui, -apple-system, Segoe UI, Roboto, sans-serif; margin: 24px; color: #1f2328; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #555; font-size: 13px; margin: 2px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.chart { height: 340px; border: 1px solid #ddd; border-radius: 6px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; }
th { background: #f6f8fa; }
td.policy { text-align: left; font-weight: 600; }
dl.definitions { font-size: 13px; display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; max-width: 980px; }
dl.definitions dt { font-weight: 600; }
dl.definitions dd { margin: 0; color: #333; }
ul.takeaways { font-size: 14px; }
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta">trace: <code>${escapeHtml(data.trace)}</code> &middot; load axis: ${escapeHtml(data.loadLabel)}
 &middot; SLO: ${sloText(data)}</p>
<p class="meta">${Object.entries(data.settings)
    .map(([key, value]) => `${escapeHtml(key)}: <b>${escapeHtml(String(value))}</b>`)
    .join(' &middot; ')}</p>
${
  data.takeaways.length === 0
    ? ''
    : `<h2>Takeaways</h2>\n<ul class="takeaways">\n${data.takeaways.map((line) => `<li>${escapeHtml(line)}</li>`).join('\n')}\n</ul>`
}
<h2>Latency${data.hasSlo ? ' and SLO' : ''} vs load</h2>
<div class="grid">
${chartIds.map((id) => `<div class="chart" id="${id}"></div>`).join('\n')}
</div>
<h2>Latency distributions <label class="meta">at load <select id="cdf-load"></select></label></h2>
<div class="grid">
<div class="chart" id="chart-ttft-cdf"></div>
<div class="chart" id="chart-e2e-cdf"></div>
</div>
<h2>All runs</h2>
${renderTable(data.runs)}
${definitions(data.hasSlo)}
<p class="meta">Times in seconds. The same data: <code>${escapeHtml(files.json)}</code> and <code>${escapeHtml(files.csv)}</code> next to this file.</p>
<script id="report-data" type="application/json">${jsonForScript(data)}</script>
<script>${echartsSource.replace(/<\/script/gi, '<\\/script')}</script>
<script>${reportPageScript}</script>
</body>
</html>
`;
}

/** What each metric means (design.md definitions), printed under the table. */
function definitions(hasSlo: boolean): string {
  const items: [string, string][] = [
    ['TTFT', 'time to first token: first output token minus arrival (queueing and prefill).'],
    ['TPOT', 'time per output token after the first: (E2E - TTFT) / (output tokens - 1).'],
    ['E2E', 'end-to-end latency: last output token minus arrival.'],
    [
      'normalized latency',
      'E2E divided by the output tokens (seconds per token, comparable across lengths).',
    ],
    ['queue delay', 'first time any of the request is scheduled minus arrival.'],
    [
      'mean, p50, p99',
      'over completed requests; failed requests are counted apart (completed column).',
    ],
    [
      'SLO attainment',
      hasSlo
        ? 'share of completed requests whose TTFT and TBT (p99 of its own token gaps) meet the targets.'
        : 'n/a: no SLO was given (--slo-ttft, --slo-tbt or --slo-mix).',
    ],
    [
      'goodput',
      hasSlo
        ? 'requests per second that met their SLO (met / duration).'
        : 'n/a: goodput counts requests meeting an SLO, and none was given.',
    ],
    ['tokens/s', 'output tokens per second over the run (first arrival to last completion).'],
  ];
  return `<h2>Metric definitions</h2>\n<dl class="definitions">\n${items
    .map(([term, text]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(text)}</dd>`)
    .join('\n')}\n</dl>`;
}

function renderTable(runs: readonly ReportDataRun[]): string {
  const head = [
    'policy',
    'load',
    'completed',
    'TTFT mean',
    'TTFT p99',
    'TPOT mean',
    'E2E mean',
    'E2E p99',
    'queue p99',
    'SLO att.',
    'goodput',
    'tokens/s',
    'preempt.',
    'prefix hit',
  ];
  const rows = runs.map((run) => {
    const s = run.summary;
    const cells = [
      String(run.load),
      `${s.completed}/${s.requests}${failedText(s.failedByKind)}`,
      num(s.ttft.mean),
      num(s.ttft.p99),
      num(s.tpot.mean),
      num(s.e2e.mean),
      num(s.e2e.p99),
      num(s.queueDelay.p99),
      s.sloAttainment === null ? 'n/a' : pct(s.sloAttainment),
      s.goodput === null ? 'n/a' : num(s.goodput),
      num(s.throughputTokensPerSecond),
      String(s.preemptions),
      pct(s.prefixHitRate),
    ];
    return `<tr><td class="policy">${escapeHtml(run.policy)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

/** ` (failed: kv-capacity 3)`, or nothing when every request completed. */
function failedText(failed: Readonly<Record<string, number>>): string {
  const parts = Object.entries(failed).map(([kind, count]) => `${escapeHtml(kind)} ${count}`);
  return parts.length === 0 ? '' : ` (failed: ${parts.join(', ')})`;
}

function sloText(data: ReportData): string {
  const parts = [
    data.slo.ttft === null ? undefined : `TTFT &le; ${data.slo.ttft} s`,
    data.slo.tbt === null ? undefined : `TBT &le; ${data.slo.tbt} s`,
  ].filter((part) => part !== undefined);
  if (data.slo.mix !== null) parts.push(`classes ${escapeHtml(data.slo.mix)}`);
  if (data.slo.perRequest && data.slo.mix === null) parts.push('per-request targets of the trace');
  return parts.length === 0 ? 'none (SLO attainment and goodput n/a)' : parts.join(', ');
}

/** 3 significant digits; large numbers without exponent. */
function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toString();
  return Number(value.toPrecision(3)).toString();
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JSON safe inside a <script> element (no `</script>`, no `<!--`). */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}
