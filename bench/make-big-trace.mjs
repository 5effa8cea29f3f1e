// Builds a big Azure-format trace for bench/trace-read.ts: ../shared's azure-2023-conv.csv repeated N times,
// each copy shifted by the trace's span (so arrivals stay sorted). Usage: node bench/make-big-trace.mjs 75 /tmp/azure-big.csv
import { readFileSync, writeFileSync } from 'node:fs';

const n = Number(process.argv[2] ?? 75);
const lines = readFileSync(
  new URL('../../shared/data/traces/azure-2023-conv.csv', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n');
const header = lines[0];
const rows = lines.slice(1).map((l) => {
  const [t, a, b] = l.split(',');
  return [Date.parse(t.replace(' ', 'T').slice(0, 23) + 'Z'), t.slice(23), a, b];
});
const span = rows[rows.length - 1][0] - rows[0][0] + 1000;
const out = [header];
for (let k = 0; k < n; k++)
  for (const [ms, frac, a, b] of rows) {
    const d = new Date(ms + k * span).toISOString().replace('T', ' ').replace('Z', '');
    out.push(`${d}${frac},${a},${b}`);
  }
writeFileSync(process.argv[3] ?? '/tmp/azure-big.csv', out.join('\n') + '\n');
console.log(out.length - 1, 'rows');
