import type { ReportData, ReportDataRun } from './report-data.js';
import { reportPageScript } from './report-page-script.js';

/**
 * report.html: one self-contained file (the ECharts bundle and the data inlined; no network).
 * The table is rendered here as static HTML, so it reads even with scripts disabled; the charts
 * are drawn in the browser by report-page-script.ts from the embedded JSON.
 */
export function renderReportHtml(data: ReportData, echartsSource: string): string {
  const chartIds = [
    'chart-ttft-mean',
    'chart-ttft-p99',
    'chart-e2e-mean',
    'chart-e2e-p99',
    'chart-slo',
    'chart-goodput',
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
</style>
</head>
<body>
<h1>${escapeHtml(data.title)}</h1>
<p class="meta">trace: <code>${escapeHtml(data.trace)}</code> &middot; load axis: ${escapeHtml(data.loadLabel)}
 &middot; SLO: ${sloText(data)}</p>
<p class="meta">${Object.entries(data.settings)
    .map(([key, value]) => `${escapeHtml(key)}: <b>${escapeHtml(String(value))}</b>`)
    .join(' &middot; ')}</p>
<h2>Latency and SLO vs load</h2>
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
<p class="meta">Times in seconds. The same data: report.json and report.csv next to this file.</p>
<script id="report-data" type="application/json">${jsonForScript(data)}</script>
<script>${echartsSource.replace(/<\/script/gi, '<\\/script')}</script>
<script>${reportPageScript}</script>
</body>
</html>
`;
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
      `${s.completed}/${s.requests}`,
      num(s.ttft.mean),
      num(s.ttft.p99),
      num(s.tpot.mean),
      num(s.e2e.mean),
      num(s.e2e.p99),
      num(s.queueDelay.p99),
      pct(s.sloAttainment),
      num(s.goodput),
      num(s.throughputTokensPerSecond),
      String(s.preemptions),
      pct(s.prefixHitRate),
    ];
    return `<tr><td class="policy">${escapeHtml(run.policy)}</td>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  });
  return `<table>\n<thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
}

function sloText(data: ReportData): string {
  const parts = [
    data.slo.ttft === null ? undefined : `TTFT &le; ${data.slo.ttft} s`,
    data.slo.tbt === null ? undefined : `TBT &le; ${data.slo.tbt} s`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'none (attainment 1)' : parts.join(', ');
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
