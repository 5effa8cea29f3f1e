/**
 * SLAI: SLO-aware LLM inference (Bari, Hegde, de Veciana 2025; algorithms.md §11.2;
 * `slai_scheduler.py` of agrimUT/SLAI@5098a7a). Options: slai-options.ts; page: docs/policies/slai.md.
 * Why choose: TBT-bound traffic; serves each decode just in time for its TBT deadline and gives the
 * freed budget to prefills, shortest prompt first, which cuts TTFT.
 * Inputs consumed: tbtSlo, lastTokenAt, promptTokens, state, pending tokens, KV blocks, now,
 *   meanStepSeconds, freeBlocks (memory-dependent offset); estimateStepSeconds (dynamic budget).
 *
 * Each step, with budget B (512) and decode cap D (128):
 *   LST_i = lastTokenAt_i + tbt_i - offset * meanStep,  offset = offsetAbove if KV use >= 0.96
 *           else offsetBelow (in mean step durations); tbt_i = the request's TBT target, else
 *           defaultTbt (0.2 s, the reference's time_between_tokens)
 *   1. critical decodes (now >= LST), by (LST, arrival): 1 token each while budget and D last; on
 *      KV shortage preempt the most recently admitted partial prefill, else the decode itself;
 *   2. partial prefills (admitted, prompt not done), in admission order (`roundRobin`: in turns, as
 *      the reference): min(remaining, budget left);
 *   3. new prefills (waiting and preempted) by (strict-TBT user first, prompt length, arrival) while
 *      budget lasts, the whole prompt fits KV and fewer than maxSeqs run; stop at the first misfit;
 *   4. non-critical decodes by LST while budget and D last.
 * Decodes not served stay deferred (PRESERVE: they keep their KV).
 * RECONSTRUCTED `maxWait` (aging, default off): the oldest waiting request, once it has waited
 * maxWait seconds, goes first in step 3; if it does not fit, no other new request is admitted.
 *
 * Stateless (the policy contract): the reference code freezes a decode's LST when its batch ends;
 * here LST is recomputed each step from the same `lastTokenAt` (= that batch's end) with the
 * current memory use and mean step time: identical while those are steady.
 * Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 */

import type { EngineView, SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import {
  chunkFor,
  compareArrival,
  computedTokens,
  isDecoding,
  pendingTokens,
} from './seq-tokens.js';
import { fullStepSeconds, slaiStepBudget } from './slai-budget.js';
import { parseSlaiOptions, type SlaiOptions } from './slai-options.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

/**
 * SLAI: SLO-aware LLM inference (Bari, Hegde, de Veciana 2025; algorithms.md §11.2;
 * `slai_scheduler.py` of agrimUT/SLAI@5098a7a).
 */
export const slai: BatchPolicyFactory = {
  name: 'slai',
  summary:
    'SLAI: decodes just in time for their TBT deadline, freed budget to shortest-prompt-first prefills',
  create: (options) => {
    const config = parseSlaiOptions(options);
    const mode = options.preemptMode ?? 'recompute';
    return {
      name: 'slai',
      schedulesBy: ['tbtSlo'],
      decodeStable: true,
      plan(view) {
        return planSlai(view, config, mode);
      },
    };
  },
};

interface Decode {
  readonly seq: SeqView;
  readonly lst: number;
}

function planSlai(view: EngineView, config: SlaiOptions, mode: 'recompute' | 'swap') {
  const now = view.now;
  const maxSeqs = Math.min(config.maxSeqs, view.limits.maxSeqs);
  const decodes: Decode[] = [];
  const paused: SeqView[] = [];
  const fresh: SeqView[] = [];
  for (const seq of view.requests) {
    if (seq.state !== 'running') fresh.push(seq);
    else if (isDecoding(seq)) decodes.push({ seq, lst: 0 });
    else paused.push(seq);
  }
  const kvUse = view.limits.totalBlocks > 0 ? 1 - view.freeBlocks / view.limits.totalBlocks : 0;
  // RECONSTRUCTED (slotPressure): sequence slots in use count as memory, as KV blocks do
  const memUtil = config.slotPressure
    ? Math.max(kvUse, (decodes.length + paused.length) / maxSeqs)
    : kvUse;
  const offset =
    config.fixedOffset || memUtil < config.memoryLimit ? config.offsetBelow : config.offsetAbove;
  const unit =
    config.offsetUnit === 1 ? fullStepSeconds(view, config, decodes, paused) : view.meanStepSeconds;
  const lead = offset * unit;
  for (let i = 0; i < decodes.length; i++) {
    const seq = (decodes[i] as Decode).seq;
    decodes[i] = { seq, lst: lastSchedulableTime(seq, lead, config.defaultTbt) };
  }
  decodes.sort((a, b) => a.lst - b.lst || compareArrival(a.seq, b.seq));
  paused.sort(config.roundRobin ? compareLeastPrefilled : compareAdmission);
  const aged = agedTest(config, now, fresh);
  fresh.sort(config.spf ? compareFresh(config, aged) : compareFcfsFresh);

  const budget = config.dynamicBudget
    ? slaiStepBudget(view, config, decodes.length)
    : config.tokenBudget;
  const builder = createStepBuilder(view, Math.min(budget, view.limits.maxBatchedTokens));
  let decodesServed = 0;
  let next = 0;
  // 1. critical decodes
  for (; next < decodes.length; next++) {
    const entry = decodes[next] as Decode;
    if (now < entry.lst || builder.budget <= 0 || decodesServed >= config.limitTotalDecodes) break;
    if (addDecode(builder, entry.seq, paused, mode)) decodesServed++;
  }
  if (config.mergePrefills) mergedPrefills(builder, paused, fresh, decodes.length, maxSeqs, aged);
  else {
    // 2. partial prefills, admission order
    for (const seq of paused) {
      if (builder.budget <= 0) break;
      if (builder.isPreempted(seq)) continue;
      builder.add(seq, chunkFor(seq, 0, builder.budget));
    }
    // 3. new prefills
    let runningCount = decodes.length + paused.length;
    for (const seq of fresh) {
      if (builder.budget <= 0 || runningCount >= maxSeqs) break;
      if (!builder.fitsMemory(seq, pendingTokens(seq))) break;
      if (!builder.add(seq, chunkFor(seq, 0, builder.budget))) break;
      runningCount++;
    }
  }
  // 4. non-critical decodes, LST order
  for (; next < decodes.length; next++) {
    if (builder.budget <= 0 || decodesServed >= config.limitTotalDecodes) break;
    if (addDecode(builder, (decodes[next] as Decode).seq, paused, mode)) decodesServed++;
  }
  return builder.build();
}

/**
 * LST = lastTokenAt + tbt - lead, tbt = the request's TBT target else `defaultTbt` (the reference
 * gives every request its configured `time_between_tokens`); no token yet: from its admission.
 */
export function lastSchedulableTime(seq: SeqView, lead: number, defaultTbt: number): number {
  const last = seq.lastTokenAt ?? seq.firstScheduledAt ?? seq.arrivalTime;
  return last + (seq.tbtSlo ?? defaultTbt) - lead;
}

/**
 * One decode token; on KV shortage preempt the most recently admitted partial prefill (the end of
 * `paused`), else the decode itself. Returns true when scheduled.
 */
function addDecode(
  builder: StepBuilder,
  seq: SeqView,
  paused: SeqView[],
  mode: 'recompute' | 'swap',
): boolean {
  if (builder.isPreempted(seq)) return false;
  while (!builder.fitsMemory(seq, 1)) {
    const victim = paused.pop();
    if (victim === undefined) {
      builder.preempt(seq, mode);
      return false;
    }
    builder.preempt(victim, mode);
  }
  return builder.add(seq, 1);
}

/** Partial prefills in admission order (first scheduled, then arrival). */
function compareAdmission(a: SeqView, b: SeqView): number {
  const first = (a.firstScheduledAt ?? a.arrivalTime) - (b.firstScheduledAt ?? b.arrivalTime);
  return first || compareArrival(a, b);
}

/**
 * `roundRobin`: the reference pops paused prefills from the front and re-appends each one it
 * served after the batch, so they take turns; with full chunks, the one with the fewest prompt
 * tokens computed is the one whose turn it is (ties: admission order). Stateless equivalent.
 */
function compareLeastPrefilled(a: SeqView, b: SeqView): number {
  return computedTokens(a) - computedTokens(b) || compareAdmission(a, b);
}

/**
 * RECONSTRUCTED (`mergePrefills`): steps 2 and 3 as one list, shortest remaining prompt first, so a
 * long prompt already admitted no longer holds the budget against short new ones; new requests
 * still need their whole prompt to fit KV and a free sequence slot (a misfit is skipped).
 */
function mergedPrefills(
  builder: StepBuilder,
  paused: readonly SeqView[],
  fresh: readonly SeqView[],
  decodes: number,
  maxSeqs: number,
  aged: (seq: SeqView) => boolean,
): void {
  const all = [...paused, ...fresh].sort(
    (a, b) =>
      Number(aged(b)) - Number(aged(a)) ||
      (aged(a) ? 0 : pendingTokens(a) - pendingTokens(b)) ||
      compareArrival(a, b),
  );
  let runningCount = decodes + paused.length;
  // an aged new request that does not fit closes admission to the others (its memory frees up)
  let closed = false;
  for (const seq of all) {
    if (builder.budget <= 0) break;
    if (builder.isPreempted(seq)) continue;
    if (seq.state === 'running') {
      builder.add(seq, chunkFor(seq, 0, builder.budget));
      continue;
    }
    if (closed) continue;
    if (runningCount >= maxSeqs || !builder.fitsMemory(seq, pendingTokens(seq))) {
      closed = aged(seq);
      continue;
    }
    if (builder.add(seq, chunkFor(seq, 0, builder.budget))) runningCount++;
  }
}

/**
 * RECONSTRUCTED (`maxWait` > 0): aging. The oldest waiting request, once it has waited `maxWait`
 * seconds since arrival, is served before the shortest-first order; if it does not fit, admission
 * stops until memory frees for it. One at a time: promoting every aged request would turn the
 * order FCFS under a backlog. Bounds the longest wait, which shortest-first alone does not.
 */
function agedTest(
  config: SlaiOptions,
  now: number,
  fresh: readonly SeqView[],
): (seq: SeqView) => boolean {
  if (config.maxWait <= 0) return () => false;
  let oldest: SeqView | undefined;
  for (const seq of fresh)
    if (oldest === undefined || compareArrival(seq, oldest) < 0) oldest = seq;
  if (oldest === undefined || oldest.arrivalTime > now - config.maxWait) return () => false;
  return (seq) => seq === oldest;
}

/**
 * SPF, strict-TBT users first when `userPriority`: (tier, prompt, arrival, seq); the aged request
 * (`maxWait`) ahead of all.
 */
function compareFresh(config: SlaiOptions, aged: (seq: SeqView) => boolean) {
  const tier = (seq: SeqView): number =>
    aged(seq)
      ? -1
      : config.userPriority && seq.tbtSlo !== undefined && seq.tbtSlo <= config.strictTbt
        ? 0
        : 1;
  return (a: SeqView, b: SeqView): number =>
    tier(a) - tier(b) ||
    (tier(a) < 0 ? 0 : a.promptTokens - b.promptTokens) ||
    compareArrival(a, b);
}

/** FCFS admission (`spf` = 0): preempted requests first (re-queued at the front), then arrival. */
function compareFcfsFresh(a: SeqView, b: SeqView): number {
  const front = (seq: SeqView): number => (seq.state === 'preempted' ? 0 : 1);
  return front(a) - front(b) || compareArrival(a, b);
}

/** Prompt + generated tokens in KV (the context a decode reads). */
export function decodeContext(seq: SeqView): number {
  return computedTokens(seq) + 1;
}
