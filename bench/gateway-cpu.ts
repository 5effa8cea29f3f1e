/**
 * CPU per request of gateway builds side by side, for before/after ratios on a shared machine:
 * the fake backend (bench/gateway-fake-server.ts), the bare node:http proxy
 * (bench/gateway-bare-proxy.ts), this checkout's `llmsched serve` and any `--baseline DIR` (another
 * built checkout, e.g. main) each in their own process (the gateways with serve's node flags, as
 * `llmsched serve` starts its serving child: src/cli/serve-respawn.ts). Each round runs every target in turn
 * (rotating the order) at max rate (autocannon, 64 connections, non-stream chat, max_tokens 8) and
 * at a fixed `--rate` (autocannon's overallRate), `--seconds` each, and reads each process's CPU
 * (user and system, /proc/PID/stat) over the window.
 *
 * Reported per target (medians over rounds): req/s at max, CPU us/request at max and at `--rate`
 * (with the system-time share: syscalls, mostly loopback TCP), and the median over rounds of the
 * ratio to `llmsched` in the same round (a load swing between rounds hits both sides). Also the
 * harness's own CPU per request (the fake and the load generator, this process) and cores busy.
 * CPU time counts only what the process ran, so it is far less sensitive to the rest of the
 * machine than wall figures; say `uptime` with it anyway.
 *
 *   npx tsx bench/gateway-cpu.ts [--rounds 5] [--seconds 3] [--rate 500] [--baseline DIR ...]
 *     [--no-bare] [--no-fixed]
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
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '500' },
    baseline: { type: 'string', multiple: true, default: [] },
    'no-bare': { type: 'boolean', default: false },
    'no-fixed': { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const children: ChildProcess[] = [];
const start = (args: string[], match: RegExp): Promise<StartedChild> =>
  startNode(args, match, children);

interface Target {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
}

interface Window {
  readonly rate: number;
  readonly cpuUs: number;
  readonly systemShare: number;
  readonly fakeUs: number;
  readonly clientUs: number;
  readonly cores: number;
}

async function measure(target: Target, fakePid: number, fixed: boolean): Promise<Window> {
  const t0 = cpuTimes(target.pid);
  const f0 = cpuTimes(fakePid);
  const c0 = process.cpuUsage();
  const from = performance.now();
  const result = await chatLoad(target.url, {
    connections: fixed ? 16 : 64,
    ...(fixed ? { overallRate: rate } : {}),
    duration: seconds,
  });
  const wall = (performance.now() - from) / 1000;
  const t1 = cpuTimes(target.pid);
  const f1 = cpuTimes(fakePid);
  const c = process.cpuUsage(c0);
  const n = Math.max(1, result.requests.total);
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  const user = t1[0] - t0[0];
  const system = t1[1] - t0[1];
  const fake = f1[0] + f1[1] - f0[0] - f0[1];
  const client = (c.user + c.system) / 1e6;
  return {
    rate: result.requests.total / wall,
    cpuUs: ((user + system) * 1e6) / n,
    systemShare: system / Math.max(1e-9, user + system),
    fakeUs: (fake * 1e6) / n,
    clientUs: (client * 1e6) / n,
    cores: (user + system + fake + client) / wall,
  };
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

try {
  const fake = await start(fakeBackend.args(), fakeBackend.url);
  const config = writeServeConfig(fake.url, 'gw-cpu');
  const served = /gateway on (http:\/\/[^\s]+)/;
  const targets: Target[] = [];
  const add = async (name: string, args: string[], match: RegExp): Promise<void> => {
    const child = await start(args, match);
    targets.push({ name, url: child.url.replace('localhost', '127.0.0.1'), pid: child.pid });
  };
  if (!values['no-bare'])
    await add(
      'bare',
      ['--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
      /bare proxy on (http:\/\/[^\s]+)/,
    );
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
  for (const target of targets) {
    await chatLoad(target.url, { duration: 3 });
  }
  const modes = values['no-fixed'] ? (['max'] as const) : (['max', 'fixed'] as const);
  const results = new Map<string, Window[]>();
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(k + round) % targets.length] as Target;
        const w = await measure(target, fake.pid, mode === 'fixed');
        const key = `${target.name} ${mode}`;
        results.set(key, [...(results.get(key) ?? []), w]);
        process.stderr.write(
          `round ${round + 1} ${key}: ${w.rate.toFixed(0)} req/s, ${w.cpuUs.toFixed(0)} CPU us/request (system ${(100 * w.systemShare).toFixed(0)}%), fake ${w.fakeUs.toFixed(0)}, load generator ${w.clientUs.toFixed(0)}, ${w.cores.toFixed(2)} cores busy\n`,
        );
      }
    }
  }
  console.log(
    `Medians of ${rounds} rounds of ${seconds} s; ratio = median over rounds of target / llmsched in the same round.`,
  );
  console.log(
    '| target | window | req/s | CPU us/request | ratio to llmsched | system share | fake us/request | load generator us/request | cores busy |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const mode of modes) {
    const mine = results.get(`llmsched ${mode}`) ?? [];
    for (const target of targets) {
      const ws = results.get(`${target.name} ${mode}`) ?? [];
      const ratio = median(ws.map((w, i) => w.cpuUs / (mine[i]?.cpuUs ?? Number.NaN)));
      const label = mode === 'max' ? 'max (64 conn)' : `${rate} req/s`;
      console.log(
        `| ${target.name} | ${label} | ${median(ws.map((w) => w.rate)).toFixed(0)} | ${median(ws.map((w) => w.cpuUs)).toFixed(0)} (min ${Math.min(...ws.map((w) => w.cpuUs)).toFixed(0)}) | ${ratio.toFixed(3)} | ${(100 * median(ws.map((w) => w.systemShare))).toFixed(0)}% | ${median(ws.map((w) => w.fakeUs)).toFixed(0)} | ${median(ws.map((w) => w.clientUs)).toFixed(0)} | ${median(ws.map((w) => w.cores)).toFixed(2)} |`,
      );
    }
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
