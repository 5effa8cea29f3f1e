/**
 * Trace reading: streaming (readTrace: 1 MiB chunks, line by line) against reading the whole file
 * into one string first (readFileSync + parseTraceText, the same parsers). Run each mode in its own
 * process so peak RSS is per mode:
 *
 *   node bench/make-big-trace.mjs 75 /tmp/azure-big.csv     # 1,452,450 rows, 54 MB (not committed)
 *   /usr/bin/time -f '%M KB' npx tsx bench/trace-read.ts stream /tmp/azure-big.csv
 *   /usr/bin/time -f '%M KB' npx tsx bench/trace-read.ts whole /tmp/azure-big.csv
 *
 * Prints rows, seconds and rows/s; `/usr/bin/time` adds the peak RSS.
 */
import { readFileSync } from 'node:fs';
import { parseTraceText, readTrace } from '../src/workloads/read-trace.js';

const [mode = 'stream', path = '/tmp/azure-big.csv'] = process.argv.slice(2);
const start = performance.now();
const requests =
  mode === 'whole' ? parseTraceText(readFileSync(path, 'utf8'), path) : readTrace(path);
const seconds = (performance.now() - start) / 1000;
process.stdout.write(
  `${mode}: ${requests.length} rows in ${seconds.toFixed(2)} s (${Math.round(requests.length / seconds)} rows/s)\n`,
);
