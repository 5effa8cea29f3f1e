/**
 * `edf`: earliest TTFT deadline first (docs/policies/edf.md), as the EDF class queues of NVIDIA
 * Dynamo's router and llm-d's `edf-ordering-policy` / `slo-deadline-ordering-policy`.
 * Why choose: requests carry TTFT targets (SLO classes, a deadline header); serve the most urgent
 *   first. Requests without a target come after every request with one, in arrival order.
 * Inputs consumed: ttftSlo (per request; absent = no deadline), arrival.
 *
 *   deadline = arrivalTime + ttftSlo   (lower first; none = +infinity)
 *
 * With SLO classes (interactive 1 s, batch none) this is EDF within and across classes; Dynamo's
 * deficit round robin across classes is not modelled (the gateway's VTC shares across tenants).
 * Running requests keep their place (vLLM running-first); KV shortage preempts the latest-arrived
 * running request. Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { vllmStepPolicy } from './vllm-step.js';

/**
 * `edf`: earliest TTFT deadline first (docs/policies/edf.md), as the EDF class queues of NVIDIA
 * Dynamo's router and llm-d's `edf-ordering-policy` / `slo-deadline-ordering-policy`.
 */
export function edfDeadline(seq: SeqView): number {
  return seq.ttftSlo === undefined ? Number.POSITIVE_INFINITY : seq.arrivalTime + seq.ttftSlo;
}

export const compareDeadline = (a: SeqView, b: SeqView): number => {
  const da = edfDeadline(a);
  const db = edfDeadline(b);
  if (da !== db) return da < db ? -1 : 1;
  return compareArrival(a, b);
};

export const edf: BatchPolicyFactory = {
  name: 'edf',
  summary: 'earliest TTFT deadline (arrival + ttftSlo) first; no deadline last; running first',
  create: (options) => vllmStepPolicy('edf', options, compareDeadline),
};
