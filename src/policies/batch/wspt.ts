/**
 * `wspt`: weighted shortest processing time on uncached prompt tokens, as NVIDIA Dynamo's router
 * queue (`--router-queue-policy wspt`, docs/policies/wspt.md).
 * Why choose: a gateway that knows prompts but not output lengths; short (or cache-hitting)
 *   prompts first, weighted by priority.
 * Inputs consumed: promptTokens, cachedTokens, priority (absent = 0), arrival.
 *
 *   key = (promptTokens - cachedTokens) / weight,  weight = 2^(-priority)   (lower key first)
 *   (priority 0 -> weight 1; each priority step down doubles the weight. Reconstructed: Dynamo's
 *   docs give the rule "priority weighted against uncached prompt tokens", not the weight map.)
 *
 * Running requests keep their place (vLLM running-first, same step as vllm-fcfs); KV shortage
 * preempts the latest-arrived running request. Tie-break: arrival, then admission sequence.
 * Complexity: O(n log n) per step.
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { vllmStepPolicy } from './vllm-step.js';

/**
 * `wspt`: weighted shortest processing time on uncached prompt tokens, as NVIDIA Dynamo's router
 * queue (`--router-queue-policy wspt`, docs/policies/wspt.md).
 */
export function wsptKey(seq: SeqView): number {
  const uncached = Math.max(1, seq.promptTokens - seq.cachedTokens);
  return uncached * 2 ** (seq.priority ?? 0);
}

export const compareWspt = (a: SeqView, b: SeqView): number =>
  wsptKey(a) - wsptKey(b) || compareArrival(a, b);

export const wspt: BatchPolicyFactory = {
  name: 'wspt',
  summary: 'Dynamo router queue: waiting by uncached prompt tokens / 2^-priority; running first',
  create: (options) => vllmStepPolicy('wspt', options, compareWspt),
};
