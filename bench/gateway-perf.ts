/**
 * Where `llmsched serve`'s CPU goes at max load (or at `--rate` req/s, autocannon's overallRate),
 * by `perf` on the CPU clock (samples only while the
 * process runs, so the load generator and the fake backend sharing the cores do not skew the split
 * as node's wall-clock `--cpu-prof` sampler does: with it, a write that wakes the peer is charged
 * with the time the process waits for a core). For this checkout, each `--baseline DIR` (built) and
 * with `--bare` the bare proxy: the fake backend (bench/gateway-fake-server.ts) and the target
 * (serve's node flags plus `--perf-basic-prof`, so perf names the JIT frames) each in their own
 * process; autocannon (64 connections, non-stream chat, max_tokens 8) 3 s warm-up, then `--rounds`
 * windows of `--seconds` under `perf record -e cpu-clock -g -p PID`, targets alternating.
 *
 * Prints per target (all windows together): CPU us/request (/proc), then each sample's leaf by
 * kind (kernel, node/V8 C++, GC, JIT-compiled JavaScript by file group) in us/request, the
 * inclusive share of our modules (samples with a frame of dist/gateway/, dist/backends/,
 * dist/predictors/, dist/executor/ anywhere on the stack, counted once, innermost group wins) and
 * the `--top` most sampled leaf frames. perf slows the target (its CPU us/request reads high).
 *
 *   npm run build && npx tsx bench/gateway-perf.ts [--seconds 4] [--rounds 2] [--bare] [--rate R]
 *     [--steady]
 *     [--baseline DIR ...] [--top 40] [--keep DIR (the perf script stacks, per target)]
 */
import { type ChildProcess, execFileSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serveNodeFlags } from '../src/cli/serve-respawn.js';
import { chatLoad } from './chat-load.js';
import { fixedRate } from './fixed-rate-client.js';
import { fakeBackend, type StartedChild, startNode, writeServeConfig } from './node-child.js';
import { gcFrame, perfWindow } from './perf-window.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '4' },
    rounds: { type: 'string', default: '2' },
    top: { type: 'string', default: '40' },
    bare: { type: 'boolean', default: false },
    baseline: { type: 'string', multiple: true, default: [] },
    keep: { type: 'string' },
    rate: { type: 'string' },
    steady: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const children: ChildProcess[] = [];

/**
 * The measured load: max (64 connections), or `--rate` req/s when given (autocannon's overallRate,
 * which sends in bursts: the target handles several requests per wake-up), or with `--steady` one
 * request every 1/rate s (bench/fixed-rate-client.ts, as gateway-overhead's windows: one wake-up
 * per request).
 */
const load = async (url: string, duration: number) => {
  if (values.steady) {
    const rate = Number(values.rate ?? 500);
    const options = { rate, seconds: duration, mix: 'separate', block: 1, firstTag: 0 } as const;
    const samples = await fixedRate([{ url, headers: {} }], options);
    return { requests: { total: samples.length } };
  }
  return chatLoad(url, {
    duration,
    ...(values.rate === undefined ? {} : { overallRate: Number(values.rate) }),
  });
};

const ourGroups = ['gateway', 'backends', 'predictors', 'executor'] as const;

interface Tally {
  samples: number;
  readonly leafKind: Map<string, number>;
  readonly inclusive: Map<string, number>;
  readonly leaves: Map<string, number>;
  /** Innermost frame of our modules -> its callee frame (what our code spends in), by samples. */
  readonly calls: Map<string, number>;
}

const bump = (map: Map<string, number>, key: string): void => {
  map.set(key, (map.get(key) ?? 0) + 1);
};

/** The kind of a leaf frame: kernel, GC, C++ (node/V8), or JavaScript by origin. */
function leafKind(frame: string): string {
  if (frame.includes('[kernel.kallsyms]') || frame.includes('[unknown]) ')) return 'kernel';
  if (gcFrame.test(frame)) return 'GC';
  const dist = frame.match(/\/dist\/([a-z-]+)\//);
  if (dist) return `js dist/${dist[1]}`;
  if (frame.includes('/node_modules/undici/')) return 'js undici';
  if (frame.includes('/node_modules/')) return 'js other packages';
  if (frame.includes('node:')) return 'js node';
  if (/\bBuiltin:|Builtins_/.test(frame)) return 'V8 builtins';
  if (frame.includes('(/tmp/perf-')) return 'js other';
  if (frame.includes('/node)') || frame.includes('bin/node')) return 'node/V8 C++';
  if (frame.includes('libc') || frame.includes('ld-linux')) return 'libc';
  return 'other';
}

/** A frame without its address, paths cut to the package or dist file. */
const short = (frame: string): string =>
  frame
    .trim()
    .replace(/^[0-9a-f]+\s+/, '')
    .replace(/file:\/\/\S*\/(dist|node_modules)\//, '')
    .replace(/\/\S*\/node_modules\//, '')
    .replace(/ \(\/tmp\/perf-\d+\.map\)/, '');

function tally(file: string, into: Tally, keep: string | undefined): void {
  const text = execFileSync('perf', ['script', '-i', file, '-F', 'ip,sym,dso'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (keep !== undefined) appendFileSync(keep, text);
  let frames: string[] = [];
  const flush = (): void => {
    const leaf = frames[0];
    if (leaf === undefined) return;
    into.samples++;
    bump(into.leafKind, leafKind(leaf));
    bump(into.leaves, short(leaf));
    let group = 'outside our modules';
    for (const [i, frame] of frames.entries()) {
      const found = ourGroups.find((g) => frame.includes(`/dist/${g}/`));
      if (found) {
        group = `dist/${found}`;
        const callee = i === 0 ? '(self)' : short(frames[i - 1] as string);
        bump(into.calls, `${short(frame)} -> ${callee}${i > 1 ? ` [leaf ${leafKind(leaf)}]` : ''}`);
        break;
      }
    }
    bump(into.inclusive, group);
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      flush();
      frames = [];
    } else frames.push(line);
  }
  flush();
}

try {
  const fake = await startNode(fakeBackend.args(), fakeBackend.url, children);
  const config = writeServeConfig(fake.url, 'gw-perf');
  const targets: (StartedChild & { readonly name: string })[] = [];
  const add = async (name: string, args: string[], match: RegExp): Promise<void> => {
    const started = await startNode(args, match, children);
    targets.push({ ...started, url: started.url.replace('localhost', '127.0.0.1'), name });
  };
  if (values.bare)
    await add(
      'bare',
      ['--perf-basic-prof', '--import', 'tsx', 'bench/gateway-bare-proxy.ts', fake.url],
      /bare proxy on (http:\/\/[^\s]+)/,
    );
  for (const dir of ['.', ...values.baseline])
    await add(
      dir === '.' ? 'llmsched' : dir,
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
    );
  for (const target of targets) await chatLoad(target.url, { duration: 3 });
  // after max load the JIT re-optimizes for a low rate for ~10 s (docs/benchmarks.md, twelfth session)
  if (values.steady || values.rate !== undefined)
    for (const target of targets) await load(target.url, 10);
  const tallies = new Map<string, Tally & { cpu: number; requests: number }>();
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(k + round) % targets.length] as (typeof targets)[number];
      const file = join(tmpdir(), `llmsched-gw-perf-${process.pid}.data`);
      const w = await perfWindow(target.pid, 999, file, () => load(target.url, seconds));
      let t = tallies.get(target.name);
      if (!t) {
        t = {
          samples: 0,
          leafKind: new Map(),
          inclusive: new Map(),
          leaves: new Map(),
          calls: new Map(),
          cpu: 0,
          requests: 0,
        };
        tallies.set(target.name, t);
      }
      t.cpu += w.cpuSeconds;
      t.requests += w.requests;
      tally(
        file,
        t,
        values.keep === undefined
          ? undefined
          : join(values.keep, `${target.name.replace(/\W+/g, '_')}.stacks.txt`),
      );
      rmSync(file, { force: true });
      process.stderr.write(
        `round ${round + 1} ${target.name}: ${((1e6 * w.cpuSeconds) / w.requests).toFixed(0)} CPU us/request\n`,
      );
    }
  }
  for (const [name, t] of tallies) {
    const perRequest = (1e6 * t.cpu) / t.requests;
    const us = (n: number): string => ((n / t.samples) * perRequest).toFixed(1).padStart(6);
    console.log(`\n${name}: ${perRequest.toFixed(0)} CPU us/request, ${t.samples} samples`);
    console.log(' leaf kind (us/request):');
    for (const [kind, n] of [...t.leafKind].sort((a, b) => b[1] - a[1]))
      console.log(`  ${us(n)}  ${kind}`);
    console.log(' inclusive, innermost of our modules on the stack (us/request):');
    for (const [group, n] of [...t.inclusive].sort((a, b) => b[1] - a[1]))
      console.log(`  ${us(n)}  ${group}`);
    console.log(' innermost frame of our modules -> its callee (us/request):');
    for (const [call, n] of [...t.calls].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
      console.log(`  ${us(n)}  ${call}`);
    console.log(' top leaves (us/request):');
    for (const [leaf, n] of [...t.leaves].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top)))
      console.log(`  ${us(n)}  ${leaf}`);
  }
} finally {
  for (const child of children) {
    child.kill('SIGTERM');
    if (child.pid !== undefined) rmSync(`/tmp/perf-${child.pid}.map`, { force: true });
  }
}
