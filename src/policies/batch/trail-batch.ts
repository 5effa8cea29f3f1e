/**
 * `trail` as its paper's engine runs it (Shahout et al., ICLR'25; algorithms.md §7.2, the SGLang
 * patch `LRPSPRPT`): the batch-policy form of the `trail` rank policy, which the M/G/1 lab keeps.
 * Why choose: SPRPT's gain on the waiting queue, with preemption limited to young requests (small
 *   KV) and only when the newcomer is predicted much shorter than the victim.
 * Inputs consumed: predictedSize y0 (the cutoff), predictedRemaining when the executor refines it
 *   (else y0 - generated), computed tokens (the KV a preemption discards), arrival.
 *
 *   score(r)       = max(predicted remaining, 0)
 *   preemptible(r) = generated <= c x max(y0, 1)
 *   step budget: min(max_num_batched_tokens, max(stepTokens, running + 1)) tokens
 *   running:   decodes keep going (running-first); budget in order (decodes before prefill chunks,
 *              then non-preemptible first, then by score), so memory preemption takes the
 *              preemptible request with the largest score
 *   admission: waiting requests by score x exp(-wait / agingSeconds), ascending, no skipping
 *   when admission is blocked (memory or max_num_seqs): evict running requests from the end of the
 *     running order while preemptible(victim) and
 *       score(incoming) + margin + recomputeCost x computedTokens(victim) < score(victim)
 *     (all-or-nothing; the victim goes back to waiting and is recomputed or swapped).
 *
 * Reconstructed (named options, documented in docs/policies/trail.md): `stepTokens` (the step
 * budget of the default scheduler `predicted-cost`; 0 = the engine's), `recomputeCost` (the paper
 * counts the KV cost of a preemption only through the cutoff; 0 = the code's rule), the aging
 * (`agingSeconds`, anti-starvation, Infinity = the paper's order), and the paper's "+inf score
 * past the cutoff" for waiting requests, which here only concerns memory-preempted requests: they
 * keep their remaining score (putting them last would starve them).
 * Tie-break: arrival, then admission sequence. Complexity and the incremental order kept between
 * steps (per policy instance, exact): running-first.ts.
 */

import type { EngineView, SeqView } from '../../core/step-plan.js';
import { paramInRange } from '../param-range.js';
import { type ParamSpec, param } from '../rank-policy.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { createRunningFirst } from './running-first.js';
import { computedTokens, isDecoding, predictedOutputLeft } from './seq-tokens.js';

/**
 * `trail` as its paper's engine runs it (Shahout et al., ICLR'25; algorithms.md §7.2, the SGLang
 * patch `LRPSPRPT`): the batch-policy form of the `trail` rank policy, which the M/G/1 lab keeps.
 */
export const trailParams: readonly ParamSpec[] = [
  { name: 'c', default: 0.8, doc: 'preemptible while generated <= c x y0 (0 = never preempt)' },
  { name: 'margin', default: 0, doc: 'tokens: the newcomer must be this much shorter' },
  {
    name: 'recomputeCost',
    default: 0.25,
    doc: 'output tokens one discarded KV token is worth (prefill token ~ 1/4 decode token)',
  },
  {
    name: 'maxPreemptions',
    default: 0,
    doc: 'a request preempted this many times is no longer preemptible (0 = unlimited, the code default)',
  },
  {
    name: 'agingSeconds',
    default: 45,
    doc: 'anti-starvation: the waiting key decays as exp(-wait / E); Infinity = off',
  },
  {
    name: 'stepTokens',
    default: 2048,
    doc: 'token budget of a step (decodes + prefill chunks); 0 = the engine max_num_batched_tokens',
  },
];

function remaining(seq: SeqView): number {
  return Math.max(0, predictedOutputLeft(seq, 'trail'));
}

export const trailBatch: BatchPolicyFactory = {
  name: 'trail',
  summary:
    'Trail (SGLang code): SPRPT admission, preempt young requests (< c x y0) for shorter ones',
  create: (options) => {
    const given = options.params ?? {};
    const read = (name: string, max: number): number =>
      paramInRange('trail', name, param(given, trailParams, name), 0, max);
    const c = read('c', Number.POSITIVE_INFINITY);
    const margin = read('margin', Number.POSITIVE_INFINITY);
    const recomputeCost = read('recomputeCost', Number.POSITIVE_INFINITY);
    const maxPreemptions = read('maxPreemptions', Number.POSITIVE_INFINITY);
    const aging = paramInRange(
      'trail',
      'agingSeconds',
      param(given, trailParams, 'agingSeconds'),
      Number.MIN_VALUE,
      Number.POSITIVE_INFINITY,
    );
    const stepTokens = options.dispatchOnly ? 0 : read('stepTokens', Number.POSITIVE_INFINITY);
    const preemptible = (seq: SeqView): boolean =>
      c > 0 &&
      seq.generated <= c * Math.max(seq.predictedSize ?? 1, 1) &&
      (maxPreemptions === 0 || seq.preemptions < maxPreemptions);
    const runningTierOf = (seq: SeqView): number =>
      2 * Number(!isDecoding(seq)) + Number(preemptible(seq));
    const planner = createRunningFirst({
      preemptMode: options.preemptMode ?? 'recompute',
      stepTokens,
      compareRunning: (a, b) =>
        Number(!isDecoding(a)) - Number(!isDecoding(b)) ||
        Number(preemptible(a)) - Number(preemptible(b)) ||
        remaining(a) - remaining(b) ||
        a.arrivalTime - b.arrivalTime ||
        a.seq - b.seq,
      runningTierOf,
      runningKeyOf: remaining,
      runningNumbers: (running, tier, key) => {
        for (let n = 0; n < running.length; n++) {
          const seq = running[n] as SeqView;
          tier[n] = runningTierOf(seq);
          key[n] = remaining(seq);
        }
      },
      // ln(score x exp(-(now - arrival) / E)) + now / E: the same order at every `now`
      keyOf: (seq) => Math.log(remaining(seq) + 1) + seq.arrivalTime / aging,
      queueKeysStable: true,
      mayEvict: (incoming, victim) =>
        preemptible(victim) &&
        remaining(incoming) + margin + recomputeCost * computedTokens(victim) < remaining(victim),
    });
    return {
      name: 'trail',
      needs: ['predictedSize'],
      decodeStable: true,
      plan: (view: EngineView) => planner.plan(view),
    };
  },
};
