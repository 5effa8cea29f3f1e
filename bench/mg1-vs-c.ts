/**
 * The M/G/1 simulator against a C reference doing the same work (bench/mg1-reference.c: same RNG
 * streams, draws, heap, event loop and batch means), as whole processes: `llmsched queueing
 * --method sim` for sprpt and fifo at lambda 0.9 on M/M/1 with y | x ~ Exp(mean x), seed 1.
 * Runs C and JS interleaved, several times each; reports min and median wall time and the ratios
 * JS / C, and checks that both print the same mean response time.
 *
 * Run: npx tsx bench/mg1-vs-c.ts [--jobs 5000000] [--repeats 5] [--write]
 * Needs a C compiler (`cc`); without one it prints why and exits 0. Uses the built CLI (dist/),
 * rebuilt first (incremental tsc). `--write` replaces the section in docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spread, timeProcess, writeSection } from './process-timing.js';

const { values } = parseArgs({
  options: {
    jobs: { type: 'string', default: '5000000' },
    repeats: { type: 'string', default: '5' },
    write: { type: 'boolean', default: false },
  },
});
const jobs = Number(values.jobs);
const repeats = Number(values.repeats);
const root = join(import.meta.dirname, '..');

if (spawnSync('cc', ['--version']).status !== 0) {
  console.log('bench/mg1-vs-c.ts: skipped: no C compiler (`cc`) on this machine');
  process.exit(0);
}
const reference = join(mkdtempSync(join(tmpdir(), 'llmsched-mg1-c-')), 'mg1-reference');
const cflags = ['-O2'];
timeProcess('cc', [...cflags, '-o', reference, join(root, 'bench', 'mg1-reference.c'), '-lm']);
timeProcess(process.execPath, [
  join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
  '-p',
  join(root, 'tsconfig.build.json'),
]);

const loadBefore = loadavg()[0] as number;
const rows: string[] = [];
for (const policy of ['sprpt', 'fifo']) {
  const c: number[] = [];
  const js: number[] = [];
  let cMean = Number.NaN;
  let jsMean = Number.NaN;
  for (let r = 0; r < repeats; r++) {
    const cRun = timeProcess(reference, [policy, '0.9', String(jobs), '1']);
    c.push(cRun.seconds);
    cMean = Number(cRun.stdout.split(' ')[0]);
    const jsRun = timeProcess(process.execPath, [
      join(root, 'bin', 'llmsched.js'),
      'queueing',
      ...['--service', 'exp', '--prediction', 'exp', '--policies', policy, '--lambdas', '0.9'],
      ...['--method', 'sim', '--jobs', String(jobs), '--seed', '1', '--json'],
    ]);
    js.push(jsRun.seconds);
    const row = (JSON.parse(jsRun.stdout) as { rows: { meanResponseTime: number }[] }).rows[0];
    jsMean = row?.meanResponseTime ?? Number.NaN;
  }
  const cs = spread(c);
  const jss = spread(js);
  const same = cMean === jsMean ? 'identical' : `differ: C ${cMean}, JS ${jsMean}`;
  rows.push(
    `| ${policy} | ${cs.min.toFixed(2)} / ${cs.median.toFixed(2)} | ${jss.min.toFixed(2)} / ${jss.median.toFixed(2)} | **${(jss.min / cs.min).toFixed(2)}x** / ${(jss.median / cs.median).toFixed(2)}x | ${jsMean.toFixed(4)} (${same}) |`,
  );
}
const loadAfter = loadavg()[0] as number;

const body = [
  `Command: \`npx tsx bench/mg1-vs-c.ts --jobs ${jobs} --repeats ${repeats}${values.write ? ' --write' : ''}\` — whole processes, C and JS interleaved,`,
  `${repeats} runs each: \`llmsched queueing --service exp --prediction exp --policies P --lambdas 0.9 --method sim --jobs ${jobs} --seed 1 --json\``,
  `against \`bench/mg1-reference.c\` (cc ${cflags.join(' ')}) doing the same work. Node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}),`,
  `load average ${loadBefore.toFixed(1)} before and ${loadAfter.toFixed(1)} after (a shared machine: wall times are noisy; min is the least disturbed run).`,
  '',
  '| policy | C wall s (min / median) | llmsched wall s (min / median) | JS / C (min / median) | mean response time |',
  '|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(body);
if (values.write)
  writeSection(join(root, 'docs', 'benchmarks.md'), 'mg1-vs-c', 'M/G/1 simulator vs C', body);
