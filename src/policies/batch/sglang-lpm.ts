/**
 * SGLang `--schedule-policy lpm` (longest prefix match).
 * Why choose: prefix-heavy traffic; maximises prefix-cache reuse by running cache-hitting requests first.
 * Inputs consumed: `cachedTokens` (the radix-cache match length), arrival time.
 * Order: waiting by cached prefix length, longest first; FCFS when more than 128 are waiting
 *   (SGLang's hard-coded cutoff, which is also what bounds its starvation).
 * Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { planSglangStep } from './sglang-step.js';

/** SGLang `--schedule-policy lpm` (longest prefix match). */
export const lpmFallbackThreshold = 128;

export const sglangLpm: BatchPolicyFactory = {
  name: 'sglang-lpm',
  summary: 'SGLang longest-prefix-match first; FCFS when > 128 are waiting',
  create: (options) => ({
    name: 'sglang-lpm',
    decodeStable: true,
    plan: (view) =>
      planSglangStep(view, {
        chunkSize: options.chunkSize ?? 8192,
        preemptMode: options.preemptMode ?? 'recompute',
        order: (waiting: SeqView[]) =>
          waiting.length > lpmFallbackThreshold
            ? waiting.sort(compareArrival)
            : waiting.sort((a, b) => b.cachedTokens - a.cachedTokens || compareArrival(a, b)),
      }),
  }),
};
