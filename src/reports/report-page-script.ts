/**
 * The browser-side script of report.html (plain ES5-style JavaScript as a string, run after the
 * inlined ECharts bundle). It reads the JSON in `<script id="report-data">` and draws:
 * latency-vs-load curves (mean and p99 TTFT and E2E; one marker and dash pattern per policy), SLO
 * attainment and goodput vs load (only when an SLO was given), and
 * TTFT / E2E CDFs for the load chosen in a selector (default: the highest load).
 * Animation is off so static renderers (headless browsers, printing) capture the final frame.
 */
export const reportPageScript = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];
  // overlapping lines stay distinguishable: each policy has its own marker and dash pattern
  var symbols = ['circle', 'rect', 'triangle', 'diamond', 'pin', 'arrow', 'roundRect'];
  var dashes = ['solid', 'dashed', 'dotted', [10, 3, 2, 3], [14, 5], [2, 6]];
  function look(policy) {
    var i = data.policies.indexOf(policy);
    // later series get smaller markers, so identical points still show every policy's marker
    return {
      symbol: symbols[i % symbols.length],
      symbolSize: Math.max(5, 12 - 2 * (i % 4)),
      lineStyle: { type: dashes[i % dashes.length], width: 2 },
    };
  }

  function runsOf(policy) {
    return data.runs.filter(function (run) { return run.policy === policy; });
  }
  function spread(values) {
    var positive = values.filter(function (v) { return v > 0 && isFinite(v); });
    if (positive.length === 0) return 1;
    return Math.max.apply(null, positive) / Math.min.apply(null, positive);
  }
  function base(title) {
    return {
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: { trigger: 'axis' },
      legend: { top: 24, type: 'scroll' },
      grid: { left: 70, right: 24, top: 64, bottom: 50 },
    };
  }
  function init(id) {
    var chart = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
    charts.push(chart);
    return chart;
  }

  function loadChart(id, title, yName, pick, options) {
    var all = [];
    var series = data.policies.map(function (policy) {
      var points = runsOf(policy).map(function (run) {
        var y = pick(run.summary);
        all.push(y);
        return [run.load, y];
      });
      var style = look(policy);
      return { name: policy, type: 'line', symbol: style.symbol, symbolSize: style.symbolSize, lineStyle: style.lineStyle, data: points };
    });
    var log = options.logIfSpread && spread(all) > 50;
    if (log) series.forEach(function (s) { s.data = s.data.map(function (p) { return [p[0], p[1] > 0 ? p[1] : null]; }); });
    var option = base(title);
    option.xAxis = { type: 'value', name: data.loadLabel, nameLocation: 'middle', nameGap: 30, scale: true };
    option.yAxis = { type: log ? 'log' : 'value', name: yName + (log ? ' (log)' : ''), nameLocation: 'middle', nameGap: 52 };
    if (options.max !== undefined) { option.yAxis.max = options.max; option.yAxis.min = 0; }
    option.series = series;
    init(id).setOption(option);
  }

  function cdfChart(chart, title, field, load) {
    var all = [];
    var series = data.policies.map(function (policy) {
      var run = runsOf(policy).filter(function (r) { return r.load === load; })[0];
      var points = run ? run.cdf[field] : [];
      points.forEach(function (p) { all.push(p[0]); });
      return { name: policy, type: 'line', showSymbol: false, step: 'end', lineStyle: look(policy).lineStyle, data: points };
    });
    var log = spread(all) > 50;
    if (log) series.forEach(function (s) { s.data = s.data.filter(function (p) { return p[0] > 0; }); });
    var option = base(title + ' at ' + data.loadLabel + ' = ' + load);
    option.tooltip = { trigger: 'item' };
    option.xAxis = { type: log ? 'log' : 'value', name: 'seconds' + (log ? ' (log)' : ''), nameLocation: 'middle', nameGap: 30 };
    option.yAxis = { type: 'value', min: 0, max: 1, name: 'share of requests', nameLocation: 'middle', nameGap: 45 };
    option.series = series;
    chart.setOption(option, true);
  }

  loadChart('chart-ttft-mean', 'Mean TTFT vs load', 'seconds', function (s) { return s.ttft.mean; }, { logIfSpread: true });
  loadChart('chart-ttft-p99', 'p99 TTFT vs load', 'seconds', function (s) { return s.ttft.p99; }, { logIfSpread: true });
  loadChart('chart-e2e-mean', 'Mean E2E latency vs load', 'seconds', function (s) { return s.e2e.mean; }, { logIfSpread: true });
  loadChart('chart-e2e-p99', 'p99 E2E latency vs load', 'seconds', function (s) { return s.e2e.p99; }, { logIfSpread: true });
  if (data.hasSlo) {
    loadChart('chart-slo', 'SLO attainment vs load', 'share meeting the SLO', function (s) { return s.sloAttainment; }, { max: 1 });
    loadChart('chart-goodput', 'Goodput vs load', 'requests/s meeting the SLO', function (s) { return s.goodput; }, {});
  }

  var ttftCdf = init('chart-ttft-cdf');
  var e2eCdf = init('chart-e2e-cdf');
  var select = document.getElementById('cdf-load');
  data.loads.forEach(function (load) {
    var option = document.createElement('option');
    option.value = String(load);
    option.textContent = String(load);
    select.appendChild(option);
  });
  function drawCdfs() {
    var load = Number(select.value);
    cdfChart(ttftCdf, 'TTFT CDF', 'ttft', load);
    cdfChart(e2eCdf, 'E2E latency CDF', 'e2e', load);
  }
  select.value = String(data.loads[data.loads.length - 1]);
  select.addEventListener('change', drawCdfs);
  drawCdfs();
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
`;
