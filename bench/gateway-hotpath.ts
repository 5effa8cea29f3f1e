/**
 * The gateway's CPU per request in ONE process, for before/after ratios on a busy machine: the
 * fake OpenAI-compatible backend (test/helpers/fake-openai-server.ts), a load generator (undici
 * Pool, closed loop, `--concurrency` requests in flight) and the targets all share one event loop
 * and one heap, so a window's process CPU time (process.cpuUsage) covers everything, and
 * `added` = a target's CPU us/request minus `direct`'s (the client and the fake alone) in the
 * neighbouring window is what the target itself costs. Targets: `llmsched` (this checkout's dist/,
 * an openai backend at the fake, defaults otherwise), `bare` (node:http + undici Pool, forwarding
 * the body: bench/gateway-bare-proxy.ts in-process), `fastify-bare` (the same proxy behind
 * Fastify with the gateway's hijacked-reply route: what the framework adds) and every
 * `--baseline DIR` (another built checkout's dist/). Windows of `--requests` non-stream chat requests (max_tokens 8) rotate over
 * direct and the targets, `--rounds` times; medians and per-round ratios to llmsched.
 *
 * One event loop serves all three roles, so this is not a latency or throughput figure (see
 * bench/gateway-overhead.ts); it isolates the CPU cost of the code path, and a load swing on the
 * machine hits the neighbouring windows alike.
 *
 *   npx tsx bench/gateway-hotpath.ts [--rounds 15] [--requests 3000] [--concurrency 32]
 *     [--baseline DIR ...] [--config JSON]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { startFakeServer } from '../test/helpers/fake-openai-server.js';
import { forwardBody, startBareProxy } from './bare-proxy.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '15' },
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '32' },
    baseline: { type: 'string', multiple: true, default: [] },
    config: { type: 'string', default: '{}' },
    /** Only this target's windows (e.g. under --cpu-prof: a profile of one target). */
    only: { type: 'string' },
  },
});
const rounds = Number(values.rounds);
const perWindow = Number(values.requests);
const concurrency = Number(values.concurrency);

interface Target {
  readonly name: string;
  readonly url: string;
  close(): Promise<void>;
}

const fake = await startFakeServer('ok', { keepBodies: false });

/** A gateway built from the dist/ of a built checkout, in this process. */
async function gatewayFrom(name: string, dir: string): Promise<Target> {
  const dist = (path: string) => import(resolve(dir, 'dist', path));
  const { parseGatewayConfig } = await dist('gateway/gateway-config.js');
  const { createBackends } = await dist('gateway/create-backends.js');
  const { createGateway } = await dist('gateway/gateway.js');
  const { SystemClock } = await dist('engines/system-clock.js');
  const config = parseGatewayConfig(
    {
      port: 0,
      backends: [{ kind: 'openai', url: fake.url, maxConcurrent: 256 }],
      ...JSON.parse(values.config),
    },
    'config',
  );
  const clock = new SystemClock();
  const { backends } = await createBackends(config, clock);
  const gateway = createGateway({
    config,
    backends,
    clock,
    unixNow: () => Math.floor(Date.now() / 1000),
    idPrefix: `${name}-`,
  });
  const url = (await gateway.listen()) as string;
  return { name, url: url.replace('localhost', '127.0.0.1'), close: () => gateway.close() };
}

/** bench/bare-proxy.ts (the `bare` target of bench/gateway-overhead.ts), in this process. */
async function bare(): Promise<Target> {
  const proxy = await startBareProxy(fake.url);
  return { name: 'bare', url: proxy.url, close: () => proxy.close() };
}

/** The bare proxy behind Fastify (the gateway's framework): its cost over node:http. */
async function fastifyBare(): Promise<Target> {
  const { default: Fastify } = await import('fastify');
  const pool = new Pool(fake.url, { connections: 256, pipelining: 1 });
  const app = Fastify({ logger: false, forceCloseConnections: true });
  app.post('/v1/chat/completions', async (request, reply) => {
    reply.hijack();
    await forwardBody(pool, '/v1/chat/completions', JSON.stringify(request.body), reply.raw);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    name: 'fastify-bare',
    url,
    close: async () => {
      await app.close();
      await pool.close();
    },
  };
}

const body = JSON.stringify({
  model: 'm',
  messages: [{ role: 'user', content: 'hello there' }],
  max_tokens: 8,
});

/** `count` requests, `concurrency` in flight; the process's CPU us per request. */
async function window(pool: Pool, count: number): Promise<number> {
  let sent = 0;
  const c0 = process.cpuUsage();
  const worker = async (): Promise<void> => {
    while (sent < count) {
      sent++;
      const res = await pool.request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / count;
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const targets: Target[] = [
  { name: 'direct', url: fake.url, close: async () => {} },
  await bare(),
  await gatewayFrom('llmsched', '.'),
  await fastifyBare(),
];
for (const [i, dir] of values.baseline.entries())
  targets.push(
    await gatewayFrom(values.baseline.length > 1 ? `baseline${i + 1}` : 'baseline', dir),
  );
const pools = targets.map((t) => new Pool(t.url, { connections: concurrency, pipelining: 1 }));
try {
  // the same JIT warm-up for every target
  for (const [i, pool] of pools.entries())
    if (values.only === undefined || targets[i]?.name === values.only)
      await window(pool, perWindow);
  const cpu = targets.map((): number[] => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const i = (k + round) % targets.length;
      if (values.only !== undefined && targets[i]?.name !== values.only) continue;
      (cpu[i] as number[]).push(await window(pools[i] as Pool, perWindow));
    }
  }
  const direct = cpu[0] as number[];
  const added = (i: number) => (cpu[i] as number[]).map((x, r) => x - (direct[r] ?? Number.NaN));
  console.log(
    `${rounds} rounds of ${perWindow} requests per target, ${concurrency} in flight, one process. CPU us/request of the whole process; added = minus direct's in the same round; ratio = median over rounds of added / llmsched's added.`,
  );
  console.log('| target | CPU us/request | added us/request | ratio to llmsched (added) |');
  console.log('|---|---|---|---|');
  for (const [i, target] of targets.entries()) {
    const mineAdded = added(2);
    const ratio =
      i === 0 ? '-' : median(added(i).map((x, r) => x / (mineAdded[r] ?? Number.NaN))).toFixed(3);
    console.log(
      `| ${target.name} | ${median(cpu[i] as number[]).toFixed(1)} (min ${Math.min(...(cpu[i] as number[])).toFixed(1)}) | ${i === 0 ? '-' : median(added(i)).toFixed(1)} | ${ratio} |`,
    );
  }
} finally {
  await Promise.all(pools.map((p) => p.close()));
  for (const target of targets) await target.close();
  await fake.close();
}
