/**
 * Gateway overhead on loopback: the same fast fake OpenAI-compatible backend (its own process)
 * reached directly, through `llmsched serve` (its own process, default policy and predictor), and
 * through Portkey's open-source gateway (`@portkey-ai/gateway`, its own process) when installed.
 *
 *   1. added latency at a fixed 500 req/s (open loop: a request every 2 ms, each timed with
 *      hrtime; non-stream chat, max_tokens 8): p50 and p99 minus the direct p50/p99
 *   2. max throughput: autocannon, 64 connections, 5 s, after a 2 s warm-up
 *
 * Targets run interleaved, `--repeats` rounds; the figures are the median over rounds (min in
 * brackets). The machine is shared: run it when it is quiet, and read ratios, not absolutes.
 *
 *   npx tsx bench/gateway-overhead.ts [--repeats 3] [--seconds 5] [--portkey DIR] [--baseline DIR]
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
    seconds: { type: 'string', default: '5' },
    baseline: { type: 'string' },
  },
});
const repeats = Number(values.repeats);
const seconds = Number(values.seconds);
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

const pids = new Map<string, number | undefined>();

function start(
  command: string,
  args: string[],
  match: RegExp,
  env: Record<string, string> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    const onData = (piece: Buffer): void => {
      out += piece.toString();
      const m = out.match(match);
      if (m) resolve(m[1] as string);
    };
    pids.set(args.join(' '), child.pid);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) =>
      reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${out.slice(-500)}`)),
    );
  });
}

interface Target {
  readonly name: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

const body = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 8,
});

/** Open loop at `rate` req/s for `seconds`; latencies in ms. */
async function fixedRate(target: Target, rate: number, duration: number): Promise<number[]> {
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

async function maxRate(target: Target, duration: number): Promise<{ rate: number; cpuUs: number }> {
  const run = (d: number) =>
    autocannon({
      url: `${target.url}/v1/chat/completions`,
      method: 'POST',
      connections: 64,
      duration: d,
      headers: { 'content-type': 'application/json', ...target.headers },
      body,
    });
  await run(2);
  const cpu0 = cpuSeconds(pids.get(target.name));
  const result = await run(duration);
  const cpu = cpuSeconds(pids.get(target.name)) - cpu0;
  return {
    rate: result.non2xx > 0 ? Number.NaN : result.requests.average,
    cpuUs: (cpu * 1e6) / Math.max(1, result.requests.total),
  };
}

try {
  const fake = await start(
    'node',
    ['--import', 'tsx', 'bench/gateway-fake-server.ts'],
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  const config = join(tmpdir(), `llmsched-gw-bench-${process.pid}.json`);
  writeFileSync(
    config,
    JSON.stringify({ port: 0, backends: [{ kind: 'openai', url: fake, maxConcurrent: 256 }] }),
  );
  const gateway = await start(
    'node',
    ['bin/llmsched.js', 'serve', '--config', config, '--quiet'],
    /gateway on (http:\/\/[^\s]+)/,
  );
  const targets: Target[] = [
    { name: 'direct', url: fake, headers: {} },
    { name: 'llmsched', url: gateway, headers: {} },
  ];
  if (values.baseline) {
    const baseline = await start(
      'node',
      [join(values.baseline, 'bin/llmsched.js'), 'serve', '--config', config, '--quiet'],
      /gateway on (http:\/\/[^\s]+)/,
    );
    targets.push({ name: 'baseline', url: baseline, headers: {} });
  }
  if (values.portkey) {
    const portkey = await start(
      'node',
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
      url: portkey.replace('localhost', '127.0.0.1'),
      headers: {
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': `${fake}/v1`,
        authorization: 'Bearer x',
      },
    });
  }
  const byArgs = [...pids.entries()];
  const pidOf = (fragment: string) => byArgs.find(([args]) => args.includes(fragment))?.[1];
  pids.set('direct', pidOf('gateway-fake-server'));
  pids.set('llmsched', byArgs.find(([args]) => args.startsWith('bin/llmsched.js'))?.[1]);
  if (values.baseline) pids.set('baseline', pidOf(join(values.baseline, 'bin/llmsched.js')));
  pids.set('portkey', pidOf('start-server'));
  const rows = new Map<
    string,
    { p50: number[]; p99: number[]; max: number[]; cpu: number[]; count: number[] }
  >();
  for (const t of targets) rows.set(t.name, { p50: [], p99: [], max: [], cpu: [], count: [] });
  for (let round = 0; round < repeats; round++) {
    for (const target of targets) {
      await fixedRate(target, 500, 1); // warm-up
      const latencies = (await fixedRate(target, 500, seconds)).sort((a, b) => a - b);
      const row = rows.get(target.name);
      row?.p50.push(percentile(latencies, 0.5));
      row?.p99.push(percentile(latencies, 0.99));
      row?.count.push(latencies.length);
      const max = await maxRate(target, seconds);
      row?.max.push(max.rate);
      row?.cpu.push(max.cpuUs);
      process.stderr.write(
        `round ${round + 1} ${target.name}: p50 ${row?.p50.at(-1)?.toFixed(3)} ms, p99 ${row?.p99.at(-1)?.toFixed(3)} ms, max ${row?.max.at(-1)?.toFixed(0)} req/s, ${max.cpuUs.toFixed(0)} CPU us/request\n`,
      );
    }
  }
  const median = (xs: number[]) =>
    [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const direct = rows.get('direct');
  const dp50 = median(direct?.p50 ?? []);
  const dp99 = median(direct?.p99 ?? []);
  console.log(
    '| target | p50 ms at 500 req/s | p99 ms | added p50 ms | added p99 ms | max req/s (64 conn) | CPU us per request (its process) | ok/sent at 500 req/s |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, row] of rows) {
    const p50 = median(row.p50);
    const p99 = median(row.p99);
    const added = name === 'direct' ? '-' : `${(p50 - dp50).toFixed(3)}`;
    const added99 = name === 'direct' ? '-' : `${(p99 - dp99).toFixed(3)}`;
    console.log(
      `| ${name} | ${p50.toFixed(3)} (min ${Math.min(...row.p50).toFixed(3)}) | ${p99.toFixed(3)} (min ${Math.min(...row.p99).toFixed(3)}) | ${added} | ${added99} | ${median(row.max).toFixed(0)} (max ${Math.max(...row.max).toFixed(0)}) | ${median(row.cpu).toFixed(0)} (min ${Math.min(...row.cpu).toFixed(0)}) | ${median(row.count)}/${500 * seconds} |`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
