/**
 * The output-length predictor's share of `llmsched serve`'s CPU at max load, by `perf` on the CPU
 * clock (which samples only while the process runs, so other jobs on the machine do not skew the
 * split as node's wall-clock `--cpu-prof` sampler does). For this checkout and each `--baseline DIR`
 * (built): the fake backend (bench/gateway-fake-server.ts) and serve (serve's node flags plus
 * `--perf-basic-prof`, so perf names the JIT frames) each in their own process; autocannon (64
 * connections, non-stream chat, max_tokens 8: bench/gateway-cpu.ts's body) for 3 s of warm-up,
 * then `--rounds` windows of `--seconds`, each under `perf record -e cpu-clock -g -p PID`. A sample
 * counts as the predictor's when any frame of its stack is a function of dist/predictors/
 * (inclusive: what a predictor function calls, builtins and Math.exp too; C++ frames without frame
 * pointers may cut a stack short, so GC the predictor triggers is mostly not counted: the GC share
 * is printed on its own, samples with a V8 GC frame, any thread). Prints per target and window:
 * req/s, serve's CPU us/request (/proc), the predictor's share of the samples and its us/request
 * (share x CPU us/request), the GC share; the targets alternate per round. With `--leaves N`, also
 * the N most sampled leaf frames of the predictor's samples. The JIT symbol maps
 * (/tmp/perf-PID.map) are removed at the end. perf slows serve (its CPU us/request reads high).
 *
 *   npm run build && npx tsx bench/predict-serve-perf.ts [--seconds 6] [--rounds 3] [--baseline DIR ...]
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import { fakeBackend, type StartedChild, startNode, writeServeConfig } from './node-child.js';
import { gcFrame, perfWindow } from './perf-window.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '6' },
    leaves: { type: 'string', default: '0' },
    rounds: { type: 'string', default: '3' },
    baseline: { type: 'string', multiple: true, default: [] },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const children: ChildProcess[] = [];
const load = (url: string, duration: number) => chatLoad(url, { duration });

/** Shares of perf samples with a dist/predictors/ frame and with a GC frame in their stack. */
function predictorShare(file: string): {
  readonly samples: number;
  readonly share: number;
  readonly gc: number;
} {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'ip,sym'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  let samples = 0;
  let hits = 0;
  let inPredictor = false;
  let inGc = false;
  let gcHits = 0;
  let leaf: string | undefined;
  const leaves = new Map<string, number>();
  for (const line of `${text}\n`.split('\n')) {
    if (line.trim() === '') {
      if (leaf !== undefined) {
        samples++;
        if (inGc) gcHits++;
        if (inPredictor) {
          hits++;
          leaves.set(leaf, (leaves.get(leaf) ?? 0) + 1);
        }
      }
      leaf = undefined;
      inPredictor = false;
      inGc = false;
      continue;
    }
    // the leaf frame (first line): its symbol without the address
    leaf ??= line
      .trim()
      .replace(/^[0-9a-f]+\s+/, '')
      .replace(/file:\/\/\S*\/dist\//, '');
    if (line.includes('/dist/predictors/')) inPredictor = true;
    if (gcFrame.test(line)) inGc = true;
  }
  const top = [...leaves].sort((a, b) => b[1] - a[1]).slice(0, Number(values.leaves));
  for (const [name, count] of top)
    process.stderr.write(`  ${((100 * count) / Math.max(1, samples)).toFixed(2)}% ${name}\n`);
  return { samples, share: hits / Math.max(1, samples), gc: gcHits / Math.max(1, samples) };
}

try {
  const fake = await startNode(fakeBackend.args(), fakeBackend.url, children);
  const config = writeServeConfig(fake.url, 'predict-perf');
  const dirs = ['.', ...values.baseline];
  const targets: (StartedChild & { readonly name: string })[] = [];
  for (const dir of dirs) {
    const started = await startNode(
      [
        ...serveNodeFlags,
        '--perf-basic-prof',
        join(dir, 'bin/llmsched.js'),
        'serve',
        '--config',
        config,
        '--quiet',
      ],
      /gateway on (http:\/\/[^\s]+)/,
      children,
    );
    targets.push({
      ...started,
      url: started.url.replace('localhost', '127.0.0.1'),
      name: dir === '.' ? 'this checkout' : dir,
    });
  }
  for (const target of targets) await load(target.url, 3);
  const rows: string[] = [];
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(k + round) % targets.length] as (typeof targets)[number];
      const file = join(tmpdir(), `llmsched-predict-perf-${process.pid}.data`);
      const w = await perfWindow(target.pid, 499, file, () => load(target.url, seconds));
      const n = w.requests;
      const wall = w.wallSeconds;
      const cpuUs = (w.cpuSeconds * 1e6) / n;
      const { samples, share, gc } = predictorShare(file);
      rmSync(file, { force: true });
      rows.push(
        `| ${round + 1} | ${target.name} | ${(n / wall).toFixed(0)} | ${cpuUs.toFixed(0)} | ${samples} | ${(100 * share).toFixed(1)}% | ${(share * cpuUs).toFixed(1)} | ${(100 * gc).toFixed(1)}% |`,
      );
      process.stderr.write(`${rows[rows.length - 1]}\n`);
    }
  }
  console.log(
    '| round | target | req/s | CPU us/request | perf samples | predictor share | predictor us/request | GC share |\n|---|---|---|---|---|---|---|---|',
  );
  for (const row of rows) console.log(row);
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
    // the JIT symbol map --perf-basic-prof wrote
    if (child.pid !== undefined) rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
  }
}
