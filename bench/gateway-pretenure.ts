/**
 * Whether `llmsched serve`'s node flags keep V8's allocation-site pretenuring out of the gateway
 * (docs/benchmarks.md, gateway, ninth session): V8 allocates a literal's objects in the old
 * generation once a scavenge finds >= 85% of them alive, for the process's life; when that hit
 * node's per-response literals, every response's graph survived its scavenge and was promoted
 * (3-8 MB per scavenge, 10-40 ms pauses). Here the decision is forced, not waited for: each variant
 * runs `llmsched serve` (fake backend, bench/gateway-fake-server.ts) with
 * bench/gateway-tenure-preload.mjs, which holds `--hold` responses mid-write on a side server and
 * runs a scavenge, then the gateway serves 500 req/s (`--seconds`), a 64-connection burst and 500
 * req/s again. Printed per variant and phase: requests, scavenges, MB promoted and survived per
 * scavenge, the longest pause, mark-compacts (all from `--trace-gc-nvp`), and the literal sites V8
 * tenured (`--trace-pretenuring-statistics`). Pauses stretch on a busy machine; the MB do not.
 *
 *   npx tsx bench/gateway-pretenure.ts [--seconds 6] [--hold 150]
 *
 * Variants: `serve` (serve's flags, src/cli/serve-respawn.ts) and `pretenuring` (the same without
 * `--no-allocation-site-pretenuring`). Expected: `serve` promotes well under 1 MB per scavenge in
 * every phase, `pretenuring` megabytes from the trigger on.
 */
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import { benchBody, fixedRate } from './fixed-rate-client.js';
import { fakeBackend, startNode, writeServeConfig } from './node-child.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '6' },
    hold: { type: 'string', default: '150' },
  },
});
const seconds = Number(values.seconds);
const hold = Number(values.hold);
const children: ChildProcess[] = [];

interface Gc {
  readonly phase: string;
  readonly major: boolean;
  readonly pauseMs: number;
  readonly promotedMb: number;
  readonly survivedMb: number;
}

const nvp = /pause=([\d.]+) .*?gc=(s|mc) .*? promoted=(\d+) new_space_survived=(\d+)/;

/** `hold` requests held open on the side server, then released after its scavenge. */
async function trigger(port: number): Promise<void> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: hold + 8 });
  const get = async (path: string): Promise<void> => {
    const res = await pool.request({ path, method: 'GET' });
    await res.body.text();
  };
  const pending = Array.from({ length: hold }, () => get('/hold'));
  await new Promise((r) => setTimeout(r, 1000));
  await get('/release');
  await Promise.all(pending);
  await pool.close();
}

/** A free loopback port (for the preload's side server). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function run(name: string, flags: readonly string[], config: string): Promise<void> {
  const sidePort = await freePort();
  process.env['TENURE_PORT'] = String(sidePort);
  const gcs: Gc[] = [];
  let phase = 'start';
  let tenured = 0;
  const serve = await startNode(
    [
      ...flags,
      '--expose-gc',
      '--trace-gc-nvp',
      '--trace-pretenuring-statistics',
      '--import',
      './bench/gateway-tenure-preload.mjs',
      'bin/llmsched.js',
      'serve',
      '--config',
      config,
      '--quiet',
    ],
    /gateway on (http:\/\/\S+)/,
    children,
  );
  serve.child.stdout?.on('data', (piece: Buffer) => {
    for (const line of piece.toString().split('\n')) {
      if (line.includes('undecided => tenure')) tenured++;
      const m = line.match(nvp);
      if (m) {
        const [promotedMb, survivedMb] = [Number(m[3]) / 1e6, Number(m[4]) / 1e6];
        gcs.push({ phase, major: m[2] === 'mc', pauseMs: Number(m[1]), promotedMb, survivedMb });
      }
    }
  });
  const url = serve.url.replace('localhost', '127.0.0.1');
  const target = [{ url, headers: {} }];
  const requests = new Map<string, number>();
  const rate = async (s: number) => {
    const samples = await fixedRate(target, {
      rate: 500,
      seconds: s,
      mix: 'blocks',
      block: 1e9,
      firstTag: 0,
    });
    requests.set(phase, samples.length);
  };
  const burst = async (s: number) => {
    const result = await chatLoad(url, { duration: s, body: benchBody() });
    requests.set(phase, result.requests.total);
  };
  phase = 'trigger';
  await trigger(sidePort);
  phase = 'settle';
  await new Promise((r) => setTimeout(r, 200));
  phase = 'warm-up';
  await burst(3);
  phase = 'rate 1';
  await rate(seconds);
  phase = 'burst';
  await burst(seconds);
  phase = 'rate 2';
  await rate(seconds);
  serve.child.kill('SIGTERM');
  const fmt = (x: number, d = 2) => x.toFixed(d);
  for (const p of ['warm-up', 'rate 1', 'burst', 'rate 2']) {
    const mine = gcs.filter((g) => g.phase === p);
    const scavenges = mine.filter((g) => !g.major);
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    const promoted = sorted(scavenges.map((g) => g.promotedMb));
    const survived = sorted(scavenges.map((g) => g.survivedMb));
    const median = (xs: number[]) => xs[Math.floor(xs.length / 2)] ?? 0;
    console.log(
      `| ${name} | ${p} | ${requests.get(p) ?? 0} | ${scavenges.length} | ${fmt(median(promoted))} (max ${fmt(promoted.at(-1) ?? 0)}) | ${fmt(median(survived))} | ${fmt(Math.max(0, ...mine.map((g) => g.pauseMs)), 1)} | ${mine.filter((g) => g.major).length} | ${tenured} |`,
    );
  }
}

try {
  const fake = await startNode(fakeBackend.args(), fakeBackend.url, children);
  const config = writeServeConfig(fake.url, 'pretenure');
  console.log(
    '| variant | phase | requests | scavenges | MB promoted per scavenge, median (max) | MB survived, median | longest pause ms | mark-compacts | sites tenured (whole run) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  await run('serve', serveNodeFlags, config);
  await run(
    'pretenuring',
    serveNodeFlags.filter((f) => f !== '--no-allocation-site-pretenuring'),
    config,
  );
} finally {
  for (const child of children) child.kill('SIGTERM');
}
