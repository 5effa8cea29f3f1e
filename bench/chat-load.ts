/**
 * The gateway benches' closed-loop load (gateway-ab, -alloc, -cpu, -overhead, -perf, -pretenure,
 * -profile, -tail, predict-serve-perf): autocannon, which ships no types, POSTing one chat body to
 * `URL/v1/chat/completions` over 64 connections by default, for `duration` seconds or `amount`
 * requests, at most `overallRate` req/s when given. One typed wrapper instead of one per bench.
 *
 * @example
 * const result = await chatLoad('http://127.0.0.1:8080', { duration: 4 });
 * console.log(result.requests.total, result.non2xx);
 */
import { createRequire } from 'node:module';
import { maxRateBody } from './max-rate-body.js';

export interface ChatLoadOptions {
  readonly duration?: number;
  readonly amount?: number;
  /** Default 64. */
  readonly connections?: number;
  readonly overallRate?: number;
  /** Default the max-rate body (max-rate-body.ts). */
  readonly body?: string;
  /** Sent besides `content-type: application/json`. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** The members of autocannon's result the benches read. */
export interface ChatLoadResult {
  readonly non2xx: number;
  readonly errors: number;
  readonly requests: { readonly average: number; readonly total: number };
}

const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
) => Promise<ChatLoadResult>;

export function chatLoad(url: string, options: ChatLoadOptions): Promise<ChatLoadResult> {
  return autocannon({
    url: `${url}/v1/chat/completions`,
    method: 'POST',
    connections: options.connections ?? 64,
    ...(options.duration !== undefined ? { duration: options.duration } : {}),
    ...(options.amount !== undefined ? { amount: options.amount } : {}),
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    headers: { 'content-type': 'application/json', ...options.headers },
    body: options.body ?? maxRateBody,
  });
}
