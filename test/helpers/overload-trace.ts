/**
 * A seeded Poisson trace that overloads the simulator's default engine (40 requests/s, prompts of
 * 32-631 tokens, exponential outputs of mean ~80): the executor tests use it to drive admissions,
 * KV preemptions (recompute and swap) and finishes. Requests share prefixes in three groups of
 * eight blocks (`g0-*`, `g1-*`, `g2-*`) when `prefixEvery` divides their index.
 */
import { requestId } from '../../src/core/ids.js';
import type { SchedRequest } from '../../src/core/request.js';
import { createRng } from '../../src/core/rng.js';
import { seconds, tokens } from '../../src/core/units.js';

export interface OverloadTraceOptions {
  /** Request ids are `${idPrefix}${index}`. */
  readonly idPrefix: string;
  /** Every `prefixEvery`-th request (by index) carries prefix hashes; default 1 (all). */
  readonly prefixEvery?: number;
}

/**
 * `count` requests from `seed`.
 *
 * @example
 * const requests = overloadTrace(300, 7, { idPrefix: 'p' });
 */
export function overloadTrace(
  count: number,
  seed: number,
  options: OverloadTraceOptions,
): SchedRequest[] {
  const rng = createRng(seed);
  const every = options.prefixEvery ?? 1;
  let t = 0;
  return Array.from({ length: count }, (_, i) => {
    t += -Math.log(1 - rng.next()) / 40;
    return {
      id: requestId(`${options.idPrefix}${i}`),
      arrivalTime: seconds(t),
      promptTokens: tokens(32 + Math.floor(rng.next() * 600)),
      outputTokens: tokens(1 + Math.floor(-Math.log(1 - rng.next()) * 80)),
      ...(i % every === 0
        ? { prefixHashes: Array.from({ length: 8 }, (_, k) => `g${i % 3}-${k}`) }
        : {}),
    };
  });
}
