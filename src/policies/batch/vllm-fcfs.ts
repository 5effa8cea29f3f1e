/**
 * vLLM v1 default scheduling (`--scheduling-policy fcfs`).
 * Why choose: the baseline every deployment runs; continuous batching with chunked prefill.
 * Inputs consumed: arrival time, state, pending tokens, KV blocks.
 * Order: running requests first (arrival order), then preempted (re-queued at the front), then
 *   waiting FCFS. KV shortage preempts the latest-arrived running request (`running.pop()`).
 * Tie-break: arrival, then admission sequence. Complexity: O(n) per step.
 */

import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { vllmStepPolicy } from './vllm-step.js';

/** vLLM v1 default scheduling (`--scheduling-policy fcfs`). */
export const vllmFcfs: BatchPolicyFactory = {
  name: 'vllm-fcfs',
  summary:
    'vLLM v1 default: running first, then waiting FCFS; preempt the latest arrival on KV shortage',
  create: (options) => vllmStepPolicy('vllm-fcfs', options, compareArrival),
};
