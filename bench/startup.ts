/**
 * CLI startup: `llmsched --help` and `llmsched queueing --help` as whole processes (the built
 * CLI, `node bin/llmsched.js`), several runs each, interleaved with bare `node -e 0` as the
 * baseline of the same run. Reports min and median wall time (target: under 0.3 s).
 *
 * Run: npx tsx bench/startup.ts [--repeats 10] [--write]
 * Rebuilds dist/ first (incremental tsc). `--write` replaces the section in docs/benchmarks.md.
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spread, timeProcess, writeSection } from './process-timing.js';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '10' },
    write: { type: 'boolean', default: false },
  },
});
const repeats = Number(values.repeats);
const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'llmsched.js');
timeProcess(process.execPath, [
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  join(root, 'tsconfig.build.json'),
]);

const cases: { readonly label: string; readonly args: readonly string[] }[] = [
  { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
  { label: 'llmsched --help', args: [bin, '--help'] },
  { label: 'llmsched queueing --help', args: [bin, 'queueing', '--help'] },
  { label: 'llmsched simulate --help', args: [bin, 'simulate', '--help'] },
  {
    label: 'llmsched queueing --method sim --policies sprpt --jobs 1000 --json',
    args: [bin, 'queueing', '--method', 'sim', '--policies', 'sprpt', '--jobs', '1000', '--json'],
  },
];
const times = cases.map(() => [] as number[]);
const loadBefore = loadavg()[0] as number;
for (let r = 0; r < repeats; r++) {
  for (const [i, c] of cases.entries())
    times[i]?.push(timeProcess(process.execPath, c.args).seconds);
}
const loadAfter = loadavg()[0] as number;

const base = spread(times[0] ?? []);
const rows = cases.map((c, i) => {
  const s = spread(times[i] ?? []);
  return `| \`${c.label}\` | ${s.min.toFixed(3)} | ${s.median.toFixed(3)} | ${(s.min / base.min).toFixed(2)}x |`;
});
const body = [
  `Command: \`npx tsx bench/startup.ts --repeats ${repeats}${values.write ? ' --write' : ''}\` — whole processes, ${repeats} interleaved runs each.`,
  `Node ${process.version}, ${cpus().length} cores; load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after (shared machine:`,
  'the min is the least disturbed run; medians move with the load).',
  '',
  '| command | min s | median s | min vs bare node |',
  '|---|---|---|---|',
  ...rows,
].join('\n');
console.log(body);
if (values.write) writeSection(join(root, 'docs', 'benchmarks.md'), 'startup', 'CLI startup', body);
