/**
 * Gateway overhead on loopback: the same fast fake OpenAI-compatible backend (its own process)
 * reached directly, through a bare Node.js proxy with no logic (`bare`, bench/gateway-bare-proxy.ts:
 * the floor any Node gateway pays on this harness), through `llmsched serve` (its own process,
 * default policy and predictor), and through Portkey's open-source gateway
 * (`@portkey-ai/gateway`, its own process) when installed.
 *
 *   1. added latency at a fixed 500 req/s (open loop: a request every 2 ms, each timed with
 *      hrtime; non-stream chat, max_tokens 8): p50 and p99 minus the direct p50/p99
 *   2. max throughput: autocannon, 64 connections, `--seconds`, after a 2 s warm-up
 *
 * Fairness: every target first gets the same JIT warm-up (autocannon, 3 s); each round then runs
 * the 500 req/s windows of all targets (1 s warm-up each) before any throughput run, so no window
 * follows another target's 40,000 req/s burst (and the garbage collection it leaves behind in the
 * fake backend and on the shared cores). The fake backend keeps no request bodies.
 *
 * Diagnostics per 500 req/s window, from the target's own process: CPU microseconds per request
 * (/proc), and its garbage collections (`--trace-gc` lines read as they arrive: scavenges,
 * mark-compacts, longest pause); `fake CPU` is the backend's. Medians over `--repeats` rounds
 * (min or max in brackets). The machine is shared: run it when it is quiet, read ratios.
 *
 *   npx tsx bench/gateway-overhead.ts [--repeats 3] [--seconds 4] [--portkey DIR] [--baseline DIR]
 *
 * --portkey DIR: DIR has node_modules/@portkey-ai/gateway. --baseline DIR: another built checkout
 * of llmsched (e.g. `git worktree add /tmp/base <commit> && cd /tmp/base && npm ci`), served the
 * same way as target `baseline`, for a before/after ratio in the same run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

/** The few members of autocannon (which ships no types) this bench uses. */
type Autocannon = (options: Record<string, unknown>) => Promise<{
  readonly non2xx: number;
  readonly requests: { readonly average: number; readonly total: number };
}>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    portkey: { type: 'string' },
    seconds: { type: 'string', default: '4' },
    baseline: { type: 'string' },
  },
});
const repeats = Number(values.repeats);
const seconds = Number(values.seconds);
const rate = 500;
const children: ChildProcess[] = [];

/** CPU seconds (user + system) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** One garbage collection reported by a child's `--trace-gc`, stamped when its line arrived. */
interface GcEvent {
  readonly at: number;
  readonly major: boolean;
  readonly pauseMs: number;
}

interface Child {
  readonly url: string;
  readonly pid: number | undefined;
  readonly gcs: GcEvent[];
}

const gcLine =
  /: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark-Sweep)[^\n]*?MB, ([\d.]+) \/ [\d.]+ ms/g;

/** Starts a node process with `--trace-gc`; resolves with the URL its output names. */
function start(args: string[], match: RegExp, env: Record<string, string> = {}): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', ['--trace-gc', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const gcs: GcEvent[] = [];
    let head = '';
    let url: string | undefined;
    const onData = (piece: Buffer): void => {
      const text = piece.toString();
      for (const m of text.matchAll(gcLine)) {
        gcs.push({ at: performance.now(), major: m[1] === 'Mark-Compact', pauseMs: Number(m[2]) });
      }
      if (url !== undefined) return;
      head += text;
      const found = head.match(match);
      if (found) {
        url = found[1] as string;
        resolve({ url, pid: child.pid, gcs });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`node ${args.join(' ')} exited ${code}: ${head.slice(-500)}`)),
    );
  });
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly process: Child;
}

const body = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 8,
});

/** Open loop at `rate` req/s for `duration` seconds; latencies in ms. */
async function fixedRate(target: Target, duration: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const url = new URL(`${target.url}/v1/chat/completions`);
  const latencies: number[] = [];
  const total = Math.round(rate * duration);
  const startAt = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = startAt + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      new Promise<void>((resolve) => {
        const t0 = process.hrtime.bigint();
        const req = request(
          {
            hostname: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              ...target.headers,
            },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200)
                latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
              resolve();
            });
          },
        );
        req.on('error', () => resolve());
        req.end(body);
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return latencies;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function blast(target: Target, duration: number) {
  return autocannon({
    url: `${target.url}/v1/chat/completions`,
    method: 'POST',
    connections: 64,
    duration,
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
  });
}

async function maxRate(target: Target, duration: number): Promise<{ rate: number; cpuUs: number }> {
  await blast(target, 2);
  const cpu0 = cpuSeconds(target.process.pid);
  const result = await blast(target, duration);
  const cpu = cpuSeconds(target.process.pid) - cpu0;
  return {
    rate: result.non2xx > 0 ? Number.NaN : result.requests.average,
    cpuUs: (cpu * 1e6) / Math.max(1, result.requests.total),
  };
}

interface Row {
  p50: number[];
  p99: number[];
  count: number[];
  windowCpu: number[];
  fakeCpu: number[];
  scavenges: number[];
  majors: number[];
  maxPause: number[];
  max: number[];
  cpu: number[];
}

try {
  const fake = await start(
    ['--import', 'tsx', 'bench/gateway-fake-server.ts'],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  const config = join(tmpdir(), `llmsched-gw-bench-${process.pid}.json`);
  writeFileSync(
    config,
    JSON.stringify({ port: 0, backends: [{ kind: 'openai', url: fake.url, maxConcurrent: 256 }] }),
  );
  const served = /gateway on (http:\/\/[^\s]+)/;
  const targets: Target[] = [
    { name: 'direct', url: fake.url, headers: {}, process: fake },
    {
      name: 'bare',
      url: '',
      headers: {},
      process: await start(
        ['--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
        /bare proxy on (http:\/\/[^\s]+)/,
      ),
    },
    {
      name: 'llmsched',
      url: '',
      headers: {},
      process: await start(['bin/llmsched.js', 'serve', '--config', config, '--quiet'], served),
    },
  ];
  if (values.baseline) {
    const baseline = await start(
      [join(values.baseline, 'bin/llmsched.js'), 'serve', '--config', config, '--quiet'],
      served,
    );
    targets.push({ name: 'baseline', url: '', headers: {}, process: baseline });
  }
  if (values.portkey) {
    const portkey = await start(
      [
        join(values.portkey, 'node_modules/@portkey-ai/gateway/build/start-server.js'),
        '--port=18799',
        '--headless',
      ],
      /(http:\/\/localhost:18799)/,
      { TRUSTED_CUSTOM_HOSTS: '127.0.0.1' },
    );
    targets.push({
      name: 'portkey',
      url: '',
      headers: {
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${fake.url}/v1`,
        authorization: 'Bearer x',
      },
      process: portkey,
    });
  }
  const resolved: Target[] = targets.map((t) => ({
    ...t,
    url: (t.url || t.process.url).replace('localhost', '127.0.0.1'),
  }));
  const rows = new Map<string, Row>();
  for (const t of resolved) {
    rows.set(t.name, {
      p50: [],
      p99: [],
      count: [],
      windowCpu: [],
      fakeCpu: [],
      scavenges: [],
      majors: [],
      maxPause: [],
      max: [],
      cpu: [],
    });
  }
  for (const target of resolved) await blast(target, 3); // the same JIT warm-up for every target
  for (let round = 0; round < repeats; round++) {
    for (const target of resolved) {
      const row = rows.get(target.name) as Row;
      await fixedRate(target, 1); // warm-up
      const from = performance.now();
      const cpu0 = cpuSeconds(target.process.pid);
      const fake0 = cpuSeconds(fake.pid);
      const latencies = (await fixedRate(target, seconds)).sort((a, b) => a - b);
      const n = Math.max(1, latencies.length);
      row.windowCpu.push(((cpuSeconds(target.process.pid) - cpu0) * 1e6) / n);
      row.fakeCpu.push(((cpuSeconds(fake.pid) - fake0) * 1e6) / n);
      const gcs = target.process.gcs.filter((g) => g.at >= from);
      row.scavenges.push(gcs.filter((g) => !g.major).length);
      row.majors.push(gcs.filter((g) => g.major).length);
      row.maxPause.push(Math.max(0, ...gcs.map((g) => g.pauseMs)));
      row.p50.push(percentile(latencies, 0.5));
      row.p99.push(percentile(latencies, 0.99));
      row.count.push(latencies.length);
      process.stderr.write(
        `round ${round + 1} ${target.name}: p50 ${row.p50.at(-1)?.toFixed(3)} ms, p99 ${row.p99.at(-1)?.toFixed(3)} ms at ${rate} req/s; CPU ${row.windowCpu.at(-1)?.toFixed(0)} us/request (fake ${row.fakeCpu.at(-1)?.toFixed(0)}); GC ${row.scavenges.at(-1)} scavenges, ${row.majors.at(-1)} mark-compacts, longest ${row.maxPause.at(-1)?.toFixed(1)} ms\n`,
      );
    }
    for (const target of resolved) {
      const row = rows.get(target.name) as Row;
      const max = await maxRate(target, seconds);
      row.max.push(max.rate);
      row.cpu.push(max.cpuUs);
      process.stderr.write(
        `round ${round + 1} ${target.name}: max ${max.rate.toFixed(0)} req/s, ${max.cpuUs.toFixed(0)} CPU us/request\n`,
      );
    }
  }
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const direct = rows.get('direct') as Row;
  const dp50 = median(direct.p50);
  const dp99 = median(direct.p99);
  console.log(
    `| target | p50 ms at ${rate} req/s | p99 ms | added p50 ms | added p99 ms | CPU us/request at ${rate} req/s (its process; fake) | GC in the window (scavenges, mark-compacts, longest ms) | max req/s (64 conn) | CPU us per request at max (its process) | ok/sent at ${rate} req/s |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const [name, row] of rows) {
    const p50 = median(row.p50);
    const p99 = median(row.p99);
    const added = name === 'direct' ? '-' : `${(p50 - dp50).toFixed(3)}`;
    const added99 = name === 'direct' ? '-' : `${(p99 - dp99).toFixed(3)}`;
    console.log(
      `| ${name} | ${p50.toFixed(3)} (min ${Math.min(...row.p50).toFixed(3)}) | ${p99.toFixed(3)} (min ${Math.min(...row.p99).toFixed(3)}) | ${added} | ${added99} | ${median(row.windowCpu).toFixed(0)}; ${median(row.fakeCpu).toFixed(0)} | ${median(row.scavenges)}, ${median(row.majors)}, ${median(row.maxPause).toFixed(1)} | ${median(row.max).toFixed(0)} (max ${Math.max(...row.max).toFixed(0)}) | ${median(row.cpu).toFixed(0)} (min ${Math.min(...row.cpu).toFixed(0)}) | ${median(row.count)}/${rate * seconds} |`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
