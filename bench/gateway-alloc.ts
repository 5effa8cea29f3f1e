/**
 * Heap allocation per request of gateway builds, from V8's own GC trace (a count, not a timing, so
 * it barely depends on the machine's load): each build's `llmsched serve` runs with serve's node
 * flags plus `--trace-gc-nvp` against the fake backend (bench/gateway-fake-server.ts), gets 5,000
 * warm-up requests and then `--requests` more (autocannon, 64 connections, non-stream chat,
 * max_tokens 8); the bytes its scavenges report as allocated during those, divided by the
 * requests, is its allocation per request (the young generation is 64 MB a semi-space, so a
 * scavenge comes every ~54 MB: the last partial period is not counted, so the figure is low by up
 * to 54 MB / requests, 0.9 KB at the default 60,000). Also the scavenges and the largest promotion
 * of one.
 *
 *   npx tsx bench/gateway-alloc.ts [--requests 60000] [--baseline DIR ...]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import { fakeBackend, startNode, writeServeConfig } from './node-child.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '60000' },
    baseline: { type: 'string', multiple: true, default: [] },
  },
});
const children: ChildProcess[] = [];

try {
  const fake = await startNode(fakeBackend.args(), fakeBackend.url, children);
  const config = writeServeConfig(fake.url, 'gw-alloc');
  console.log('| build | requests | scavenges | KB allocated per request | largest promotion KB |');
  console.log('|---|---|---|---|---|');
  for (const dir of ['.', ...values.baseline]) {
    const child = spawn(
      'node',
      [
        ...serveNodeFlags,
        '--trace-gc-nvp',
        join(dir, 'bin/llmsched.js'),
        'serve',
        '--config',
        config,
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(child);
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (data: Buffer): void => {
        out += data.toString();
        const found = out.match(/gateway on (http:\/\/[^\s]+)/);
        if (found) resolve((found[1] as string).replace('localhost', '127.0.0.1'));
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => reject(new Error(`${dir}: exited ${code}: ${out.slice(-400)}`)));
    });
    const load = (amount: number) => chatLoad(url, { amount });
    await load(5000);
    const from = out.length;
    const result = await load(Number(values.requests));
    await new Promise((done) => setTimeout(done, 200));
    if (result.non2xx > 0) throw new Error(`${dir}: ${result.non2xx} non-2xx answers`);
    const scavenges = out
      .slice(from)
      .split('\n')
      .filter((line) => line.includes('gc=s '));
    const field = (line: string, name: string): number =>
      Number(line.match(new RegExp(`${name}=(\\d+)`))?.[1] ?? 0);
    const allocated = scavenges.reduce((sum, line) => sum + field(line, 'allocated'), 0);
    const promoted = Math.max(0, ...scavenges.map((line) => field(line, 'promoted')));
    console.log(
      `| ${dir} | ${result.requests.total} | ${scavenges.length} | ${(allocated / result.requests.total / 1000).toFixed(1)} | ${(promoted / 1000).toFixed(0)} |`,
    );
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
