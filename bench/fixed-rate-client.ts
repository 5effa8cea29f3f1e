/**
 * The load generator of the gateway latency benchmarks (bench/gateway-overhead.ts,
 * bench/gateway-tail.ts): an open loop at a fixed rate over undici Pools (64 connections each),
 * every request stamped on the system's monotonic clock (hrtime ns: due, sent, done). A window
 * gives every target `rate` x `seconds` requests at `rate`, in one of three mixes: `separate` (one
 * target after the other, each alone in its part of the window), `interleave` (one request to each
 * in turn, so the load generator sends `rate` x targets in all) or `blocks` (blocks of `block`
 * requests alternating at `rate` in all, so each target idles while another's block runs: at 500
 * req/s and blocks of 50 it idles 100 ms, and the first requests after each gap run cold; twelfth
 * session: their median was 1.2-1.6x the window's, and 25-70% of a gateway's slowest 1% were the
 * first three of a block). Every request of these benchmarks, the throughput runs'
 * included, has the same shape (`benchBody`: the same keys in the same order, a `user` tag the fake
 * backend stamps when it starts with `bench-`), and `warmUp` sends that shape through this client:
 * a target's JIT code then never meets a new request shape or client inside a measured window
 * (it did: the windows' bodies had a key the warm-up's lacked, and the first window after the
 * warm-up ran ~100 deoptimized functions back up to optimized code on V8's compiler threads,
 * which competed with the request path for the 2 cores).
 *
 * @example
 * await warmUp([{ url, headers: {} }], 3);
 * const samples = await fixedRate([direct, target], { rate: 500, seconds: 4, mix: 'separate', block: 50, firstTag: 0 });
 */
import { Pool } from 'undici';

export interface RateTarget {
  readonly url: string;
  readonly headers: Record<string, string>;
}

/** One request of a fixed-rate window, in hrtime ns (the system's monotonic clock). */
export interface Sample {
  /** Index into the window's targets. */
  readonly target: number;
  readonly tag: number;
  /** When the load generator meant to send it (its schedule) and when it did. */
  readonly dueNs: number;
  readonly sentNs: number;
  readonly doneNs: number;
}

/** How the targets of a window share it (see the module's docs). */
export type Mix = 'separate' | 'interleave' | 'blocks';

export interface FixedRateOptions {
  /** Requests per second each target receives while it is sent to. */
  readonly rate: number;
  /** Each target gets `rate` x `seconds` requests. */
  readonly seconds: number;
  readonly mix: Mix;
  /** Requests per block before switching to the next target (`blocks` only). */
  readonly block: number;
  /** Tag of the first request (the next ones count up). */
  readonly firstTag: number;
  /**
   * Seconds at the start of each part (each target's in `separate`, the window's otherwise) sent
   * at the same rate over the same connections but not kept: the steady state is measured, not
   * the first requests after an idle spell. Default 0.
   */
  readonly leadIn?: number;
  /** Sends `x-bench-tag: TAG` too (bench/gateway-trace-preload.mjs reads it). */
  readonly tagHeader?: boolean;
}

/** A chat completion of 8 tokens, `user: "bench-TAG"` (or "load": stamped by nobody). */
export const benchBody = (tag?: number): string =>
  JSON.stringify({
    model: 'm',
    messages: [{ role: 'user', content: 'hello there' }],
    max_tokens: 8,
    user: tag === undefined ? 'load' : `bench-${tag}`,
  });

const now = (): number => Number(process.hrtime.bigint());

/**
 * A window over `targets` (see the module's docs for the mixes): each gets `rate` x `seconds`
 * requests at `rate` req/s, open loop (the schedule is kept with setTimeout: a late timer sends
 * overdue requests back to back). Only 200 answers are kept; `Sample.target` indexes `targets`.
 */
export async function fixedRate(
  targets: readonly RateTarget[],
  options: FixedRateOptions,
): Promise<Sample[]> {
  const n = targets.length;
  const all = targets.map((_, i) => i);
  const loop = (
    order: readonly number[],
    sendRate: number,
    block: number,
    seconds: number,
    tag: number,
  ) => openLoop(targets, { order, sendRate, block, seconds, firstTag: tag }, options);
  switch (options.mix) {
    case 'separate': {
      const samples: Sample[] = [];
      const each = Math.round(options.rate * (options.seconds + (options.leadIn ?? 0)));
      for (const i of all) {
        const tag = options.firstTag + i * each;
        samples.push(...(await loop([i], options.rate, 1, options.seconds, tag)));
      }
      return samples;
    }
    case 'interleave':
      return loop(all, options.rate * n, 1, options.seconds, options.firstTag);
    case 'blocks':
      return loop(all, options.rate, options.block, options.seconds * n, options.firstTag);
  }
}

/** One open loop: `order`'s targets, `block` requests each in turn, at `sendRate` req/s. */
interface LoopPlan {
  readonly order: readonly number[];
  readonly sendRate: number;
  readonly block: number;
  /** Kept seconds, after `leadIn`. */
  readonly seconds: number;
  readonly firstTag: number;
}

async function openLoop(
  targets: readonly RateTarget[],
  plan: LoopPlan,
  options: FixedRateOptions,
): Promise<Sample[]> {
  const { order, sendRate, block } = plan;
  const pools = targets.map((t) => new Pool(t.url, { connections: 64, pipelining: 1 }));
  const samples: Sample[] = [];
  const lead = Math.round(sendRate * (options.leadIn ?? 0));
  const total = lead + Math.round(sendRate * plan.seconds);
  const startAt = performance.now();
  const originNs = now() - startAt * 1e6;
  const pending: Promise<void>[] = [];
  const send = async (index: number, tag: number, dueNs: number, keep: boolean): Promise<void> => {
    const target = targets[index] as RateTarget;
    const sentNs = now();
    try {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...target.headers,
      };
      if (options.tagHeader) headers['x-bench-tag'] = String(tag);
      const res = await (pools[index] as Pool).request({
        path: '/v1/chat/completions',
        method: 'POST',
        headers,
        body: benchBody(tag),
      });
      await res.body.text();
      if (res.statusCode === 200 && keep) {
        samples.push({ target: index, tag, dueNs, sentNs, doneNs: now() });
      }
    } catch {
      // counted as missing (ok/sent)
    }
  };
  for (let i = 0; i < total; i++) {
    const due = startAt + (i * 1000) / sendRate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const index = order[Math.floor(i / block) % order.length] as number;
    pending.push(send(index, plan.firstTag + i, originNs + due * 1e6, i >= lead));
  }
  await Promise.all(pending);
  await Promise.all(pools.map((p) => p.close()));
  return samples;
}

/**
 * Closed loop for `seconds` over the fixed-rate windows' client and request shape (`user: "load"`,
 * which the fake does not stamp; `x-bench-tag` as in the windows): 16 requests in flight per
 * target, all targets at once.
 */
export async function warmUp(
  targets: readonly RateTarget[],
  seconds: number,
  tagHeader = false,
): Promise<void> {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    targets.map(async (target) => {
      const pool = new Pool(target.url, { connections: 64, pipelining: 1 });
      const loop = async (): Promise<void> => {
        while (performance.now() < until) {
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            ...target.headers,
          };
          if (tagHeader) headers['x-bench-tag'] = '0';
          const res = await pool.request({
            path: '/v1/chat/completions',
            method: 'POST',
            headers,
            body: benchBody(),
          });
          await res.body.text();
        }
      };
      await Promise.all(Array.from({ length: 16 }, loop));
      await pool.close();
    }),
  );
}
