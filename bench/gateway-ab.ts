/**
 * Paired CPU per request of gateway builds: every target gets the same load AT THE SAME TIME, so
 * a swing of the shared machine (other agents' benchmarks, frequency, cache pressure) hits all of
 * them in the same window, and the per-window ratio to `llmsched` is a paired comparison (the
 * sequential windows of bench/gateway-cpu.ts differ by up to 2x round to round at load ~2). The
 * fake backend (bench/gateway-fake-server.ts), the bare node:http proxy (`--bare`), this
 * checkout's `llmsched serve` and each `--baseline DIR` run in their own processes (the gateways
 * with serve's node flags); each window runs one autocannon per target concurrently (non-stream
 * chat, max_tokens 8, `--connections` each) at `--rate` req/s per target (0: as fast as each
 * goes, so they share the 2 cores), and reads each target's CPU time (/proc/PID/stat).
 *
 * Each of `--rounds` starts fresh target processes (two processes of the same build differ by up
 * to ~7% in CPU per request for their whole life: their JIT decisions differ), warms them up, runs
 * `--windows` windows per rate, and stops them.
 *
 * Reported per target and rate: medians over all windows of req/s and CPU us/request, and the
 * median with the quartiles of the per-window ratio to `llmsched`.
 *
 *   npx tsx bench/gateway-ab.ts --baseline DIR [--bare] [--rounds 4] [--windows 3] [--seconds 3]
 *     [--rate 1500 --rate 500 ...] [--connections 32]
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import {
  cpuTimes,
  fakeBackend,
  type StartedChild,
  startNode,
  writeServeConfig,
} from './node-child.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    windows: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '3' },
    rate: { type: 'string', multiple: true, default: ['1500', '500'] },
    connections: { type: 'string', default: '32' },
    baseline: { type: 'string', multiple: true, default: [] },
    bare: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const windows = Number(values.windows);
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const rates = values.rate.map(Number);
const children: ChildProcess[] = [];
const start = (args: string[], match: RegExp): Promise<StartedChild> =>
  startNode(args, match, children);

interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

const load = (target: Target, rate: number, duration: number) =>
  chatLoad(target.url, { connections, ...(rate > 0 ? { overallRate: rate } : {}), duration });

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const quantile = (xs: readonly number[], q: number): number =>
  [...xs].sort((a, b) => a - b)[Math.round(q * (xs.length - 1))] ?? Number.NaN;

try {
  const fake = await start(fakeBackend.args(), fakeBackend.url);
  const config = writeServeConfig(fake.url, 'gw-ab');
  const served = /gateway on (http:\/\/[^\s]+)/;
  const results = new Map<string, { rate: number; us: number }[]>();
  for (let round = 0; round < rounds; round++) {
    const targets: Target[] = [];
    const started: ChildProcess[] = [];
    const add = async (name: string, args: string[], match: RegExp): Promise<void> => {
      const child = await start(args, match);
      started.push(child.child);
      targets.push({ name, url: child.url.replace('localhost', '127.0.0.1'), pid: child.pid });
    };
    await add(
      'llmsched',
      [...serveNodeFlags, 'bin/llmsched.js', 'serve', '--config', config, '--quiet'],
      served,
    );
    for (const [i, dir] of values.baseline.entries())
      await add(
        values.baseline.length > 1 ? `baseline${i + 1}` : 'baseline',
        [...serveNodeFlags, join(dir, 'bin/llmsched.js'), 'serve', '--config', config, '--quiet'],
        served,
      );
    if (values.bare)
      await add(
        'bare',
        ['--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
        /bare proxy on (http:\/\/[^\s]+)/,
      );
    // warm-up: each alone, then all together
    for (const target of targets) await load(target, 0, 2);
    await Promise.all(targets.map((t) => load(t, 0, 2)));
    for (let w = 0; w < windows; w++) {
      for (const rate of rates) {
        const before = targets.map((t) => cpuTimes(t.pid));
        const from = performance.now();
        const outs = await Promise.all(targets.map((t) => load(t, rate, seconds)));
        const wall = (performance.now() - from) / 1000;
        const line: string[] = [];
        targets.forEach((t, i) => {
          const out = outs[i];
          const b = before[i];
          if (!out || !b) return;
          if (out.non2xx > 0 || out.errors > 0)
            throw new Error(`${t.name}: ${out.non2xx} non-2xx, ${out.errors} errors`);
          const a = cpuTimes(t.pid);
          const us = ((a[0] + a[1] - b[0] - b[1]) * 1e6) / Math.max(1, out.requests.total);
          const key = `${t.name} ${rate}`;
          results.set(key, [...(results.get(key) ?? []), { rate: out.requests.total / wall, us }]);
          line.push(
            `${t.name} ${(out.requests.total / wall).toFixed(0)} req/s ${us.toFixed(0)} us`,
          );
        });
        process.stderr.write(
          `round ${round + 1} window ${w + 1} rate ${rate || 'max'}: ${line.join(', ')}\n`,
        );
      }
    }
    for (const child of started) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
  }
  const names = ['llmsched', ...[...results.keys()].map((k) => k.split(' ')[0] as string)];
  const targetNames = [...new Set(names)];
  console.log(
    `${rounds} rounds (fresh processes) x ${windows} windows of ${seconds} s, all targets loaded at once; ratio = per-window target / llmsched: median [quartiles].`,
  );
  console.log('| target | rate per target | req/s | CPU us/request | ratio to llmsched |');
  console.log('|---|---|---|---|---|');
  for (const rate of rates) {
    const mine = results.get(`llmsched ${rate}`) ?? [];
    for (const name of targetNames) {
      const ws = results.get(`${name} ${rate}`) ?? [];
      const ratios = ws.map((w, i) => w.us / (mine[i]?.us ?? Number.NaN));
      console.log(
        `| ${name} | ${rate || 'max'} | ${median(ws.map((w) => w.rate)).toFixed(0)} | ${median(ws.map((w) => w.us)).toFixed(0)} | ${median(ratios).toFixed(3)} [${quantile(ratios, 0.25).toFixed(3)}, ${quantile(ratios, 0.75).toFixed(3)}] |`,
      );
    }
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
