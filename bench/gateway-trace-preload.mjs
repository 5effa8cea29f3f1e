/**
 * A preload (`node --import ./bench/gateway-trace-preload.mjs ...`) for bench/gateway-tail.ts: it
 * stamps, in the process it is loaded into (a gateway or the bare proxy), every HTTP request that
 * carries an `x-bench-tag` header (node:http's diagnostics channels: request start = its headers
 * parsed; response finish = its last byte handed to the socket) and every garbage collection
 * (perf_hooks 'gc' entries), all on the system's monotonic clock (`process.hrtime`), comparable
 * across processes. Nothing in the product changes. On SIGUSR2 it writes what it has to the file
 * named by LLMSCHED_TRACE_FILE as `{ "requests": [[tag, startNs, finishNs], ...], "gcs": [[startNs,
 * durationNs, kind], ...] }`, forgets it, and prints `trace N`.
 */
import { subscribe } from 'node:diagnostics_channel';
import { writeFileSync, writeSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const file = process.env.LLMSCHED_TRACE_FILE;
/** hrtime ns of performance.now() === 0 (both monotonic; the offset is fixed). */
const originNs = Number(process.hrtime.bigint()) - performance.now() * 1e6;
/**
 * A request's row, on its response object (not in a Map: a long-lived Map with a set and a delete
 * per request keeps every request alive through scavenges, src/gateway/request-list.ts, and the
 * tracer then made the very promotions it was measuring).
 */
const kRow = Symbol('llmsched-tail-row');
let requests = [];
let gcs = [];

subscribe('http.server.request.start', ({ request, response }) => {
  const tag = request.headers['x-bench-tag'];
  if (tag !== undefined) response[kRow] = [Number(tag), Number(process.hrtime.bigint()), 0];
});
subscribe('http.server.response.finish', ({ response }) => {
  const row = response[kRow];
  if (row === undefined) return;
  response[kRow] = undefined;
  row[2] = Number(process.hrtime.bigint());
  requests.push(row);
});
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcs.push([originNs + e.startTime * 1e6, e.duration * 1e6, e.detail?.kind ?? 0]);
  }
}).observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  if (file) writeFileSync(file, JSON.stringify({ requests, gcs }));
  // fd 1 directly: no stream code of the process under test runs for the tracer
  writeSync(1, `trace ${requests.length}\n`);
  requests = [];
  gcs = [];
});
