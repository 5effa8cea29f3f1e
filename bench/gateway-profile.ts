/**
 * A CPU profile of `llmsched serve` (or the bare proxy) under the overhead benchmark's max-rate
 * load: the fake backend (bench/gateway-fake-server.ts) and the target each in their own process,
 * the target run with `node --cpu-prof`, autocannon (64 connections, non-stream chat, max_tokens 8)
 * for `--seconds` after a 2 s warm-up; then the target gets SIGTERM and writes its .cpuprofile to
 * `--out` (a directory). Prints the target's CPU us/request and the top self-time functions and
 * the share of each category (our code, Fastify, undici, prom-client, zod, node internals, GC).
 *
 *   npx tsx bench/gateway-profile.ts [--seconds 5] [--target llmsched|bare] [--out /tmp/gwprof]
 *     [--top 40]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
    seconds: { type: 'string', default: '5' },
    target: { type: 'string', default: 'llmsched' },
    out: { type: 'string', default: join(tmpdir(), 'gwprof') },
    top: { type: 'string', default: '40' },
  },
});
const seconds = Number(values.seconds);
const out = values.out;
mkdirSync(out, { recursive: true });
const children: ChildProcess[] = [];
const cpuSum = (pid: number): number => {
  const [user, system] = cpuTimes(pid);
  return user + system;
};
const start = (args: string[], match: RegExp): Promise<StartedChild> =>
  startNode(args, match, children);

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: number[];
}
interface Profile {
  readonly startTime: number;
  readonly nodes: ProfileNode[];
  readonly samples: number[];
  readonly timeDeltas: number[];
}

function category(url: string, name: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)' || name === '(program)') return name;
  if (url.includes('/fastify') || url.includes('/find-my-way') || url.includes('/avvio'))
    return 'fastify';
  if (url.includes('/undici/')) return 'undici';
  if (url.includes('/prom-client/')) return 'prom-client';
  if (url.includes('/zod/')) return 'zod';
  if (url.includes('/dist/gateway/')) return 'gateway';
  if (url.includes('/dist/predictors/')) return 'predictors';
  if (url.includes('/dist/backends/')) return 'backends';
  if (url.includes('/dist/')) return 'llmsched other';
  if (url.includes('node_modules')) return 'other packages';
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  return 'other';
}

try {
  const fake = await start(fakeBackend.args(), fakeBackend.url);
  const config = writeServeConfig(fake.url, 'gw-prof');
  const profArgs = ['--cpu-prof', '--cpu-prof-dir', out];
  const target =
    values.target === 'bare'
      ? await start(
          [...profArgs, '--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
          /bare proxy on (http:\/\/[^\s]+)/,
        )
      : await start(
          [
            ...profArgs,
            ...serveNodeFlags,
            'bin/llmsched.js',
            'serve',
            '--config',
            config,
            '--quiet',
          ],
          /gateway on (http:\/\/[^\s]+)/,
        );
  const blast = (duration: number) =>
    chatLoad(target.url.replace('localhost', '127.0.0.1'), { duration });
  await blast(2);
  const before = new Set(readdirSync(out));
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const cpu0 = cpuSum(target.pid);
  const result = await blast(seconds);
  const cpu = cpuSum(target.pid) - cpu0;
  const toUs = Number(process.hrtime.bigint() / 1000n);
  console.log(
    `${values.target}: ${result.requests.average.toFixed(0)} req/s, ${((cpu * 1e6) / result.requests.total).toFixed(0)} CPU us/request (profiler on), non2xx ${result.non2xx}`,
  );
  const exited = new Promise((r) => target.child.once('exit', r));
  target.child.kill('SIGTERM');
  await exited;
  const file = readdirSync(out).find((f) => !before.has(f) && f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${out}`);
  const profile = JSON.parse(readFileSync(join(out, file), 'utf8')) as Profile;
  // self time by function and category, over the measured window only (profile timestamps are
  // the same monotonic clock as hrtime, in us)
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= fromUs && at <= toUs) self.set(id, (self.get(id) ?? 0) + delta);
  });
  const fns = new Map<string, number>();
  const cats = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = (byId.get(id) as ProfileNode).callFrame;
    const cat = category(url, functionName);
    if (cat === '(idle)') continue;
    busy += us;
    cats.set(cat, (cats.get(cat) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  console.log(
    `profile ${join(out, file)}: busy ${(busy / 1e6).toFixed(2)} s of the ${((toUs - fromUs) / 1e6).toFixed(2)} s measured`,
  );
  for (const [cat, us] of [...cats].sort((a, b) => b[1] - a[1]))
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${cat}`);
  console.log('top self time:');
  for (const [key, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
    console.log(`  ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`);
} finally {
  for (const child of children) child.kill('SIGTERM');
}
