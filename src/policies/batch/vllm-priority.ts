/**
 * vLLM v1 `--scheduling-policy priority`.
 * Why choose: per-request priorities (lower value = earlier), e.g. set by a gateway.
 * Inputs consumed: `priority` (absent = 0), arrival time, KV blocks.
 * Order: running first; waiting as a heap by (priority, arrival). KV shortage preempts
 *   max(running, key=(priority, arrival)) — possibly an already scheduled request, whose tokens are
 *   refunded. A waiting high-priority request does not preempt at max_num_seqs (vLLM #40004).
 * Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { vllmStepPolicy } from './vllm-step.js';

/** vLLM v1 `--scheduling-policy priority`. */
export const comparePriority = (a: SeqView, b: SeqView): number =>
  (a.priority ?? 0) - (b.priority ?? 0) || compareArrival(a, b);

export const vllmPriority: BatchPolicyFactory = {
  name: 'vllm-priority',
  summary: 'vLLM v1 priority: waiting by (priority, arrival); victim = max (priority, arrival)',
  create: (options) =>
    vllmStepPolicy('vllm-priority', options, comparePriority, (running: readonly SeqView[]) => {
      let best = 0;
      for (let i = 1; i < running.length; i++) {
        if (comparePriority(running[i] as SeqView, running[best] as SeqView) > 0) best = i;
      }
      return best;
    }),
};
