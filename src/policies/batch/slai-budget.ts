/**
 * SLAI's dynamic token budget: RECONSTRUCTED (option `dynamicBudget`, default off; the reference
 * code and algorithms.md §11.2 use the fixed `token_budget`; the paper's abstract speaks of
 * "real-time resource-aware scheduling"). docs/policies/slai.md states it as such.
 *
 *   horizon H = min over running decodes of (lastTokenAt + tbt - now), tbt = target else defaultTbt
 *   budget    = the largest B in [floor, maxBudget] whose estimated step (every running decode,
 *               up to the decode cap, plus B - decodes prefill tokens) ends within H;
 *               floor = max(decodes served, tokenBudget / 8)
 * With no decode that has produced a token the budget is maxBudget (a prefill-only step has no token
 * deadline to protect). Without the executor's `estimateStepSeconds` it is the fixed tokenBudget.
 *
 * `safeBudget` (RECONSTRUCTED, default off): the step must end `safeMargin` (default 1) floor-budget
 * steps before the nearest deadline (a decode this step defers needs the next step to fit before
 * its own deadline), and its prefill attention is estimated at the longest context a partial
 * prefill has reached (the plain estimate assumes context 0 and underrates late chunks of long
 * prompts). With every decode critical (the reference offsets on slow steps) no decode is deferred
 * and a quarter step of margin keeps p99 TBT within a 0.2 s SLO (docs/policies/slai.md).
 */

import type { EngineView, SeqView, StepShape } from '../../core/step-plan.js';
import { computedTokens, isDecoding } from './seq-tokens.js';
import type { SlaiOptions } from './slai-options.js';

/**
 * SLAI's dynamic token budget: RECONSTRUCTED (option `dynamicBudget`, default off; the reference
 * code and algorithms.md §11.2 use the fixed `token_budget`; the paper's abstract speaks of "real-
 * time resource-aware scheduling"). docs/policies/slai.md states it as such.
 */
export function slaiStepBudget(view: EngineView, config: SlaiOptions, decodeCount: number): number {
  const estimate = view.estimateStepSeconds;
  if (estimate === undefined) return config.tokenBudget;
  let horizon = Number.POSITIVE_INFINITY;
  let context = 0;
  let prefillContext = 0;
  for (const seq of view.requests) {
    if (seq.state !== 'running') continue;
    if (!isDecoding(seq)) {
      prefillContext = Math.max(prefillContext, computedTokens(seq));
      continue;
    }
    context += computedTokens(seq) + 1;
    if (seq.lastTokenAt === undefined) continue;
    horizon = Math.min(horizon, seq.lastTokenAt + (seq.tbtSlo ?? config.defaultTbt) - view.now);
  }
  const decodes = Math.min(decodeCount, config.limitTotalDecodes);
  const floor = Math.max(decodes, Math.floor(config.tokenBudget / 8), 1);
  if (horizon === Number.POSITIVE_INFINITY) return Math.max(floor, config.maxBudget);
  const meanContext = decodeCount > 0 ? context / decodeCount : 0;
  const startContext = config.safeBudget ? prefillContext : 0;
  const seconds = (budget: number): number => {
    const prefill = Math.max(0, budget - decodes);
    const shape: StepShape = {
      prefillSeqs: prefill > 0 ? 1 : 0,
      prefillTokens: prefill,
      prefillAttention: prefill * (startContext + prefill / 2),
      decodeSeqs: decodes,
      decodeContext: decodes * meanContext,
    };
    return estimate(shape);
  };
  if (config.safeBudget) horizon -= config.safeMargin * seconds(floor);
  if (seconds(floor) > horizon) return floor;
  let low = floor;
  let high = Math.max(floor, config.maxBudget);
  if (seconds(high) <= horizon) return high;
  // invariant: seconds(low) <= horizon < seconds(high)
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (seconds(middle) <= horizon) low = middle;
    else high = middle;
  }
  return low;
}

/**
 * RECONSTRUCTED (`offsetUnit` = 1): the estimated duration of a full-budget step now (every running
 * decode, the rest of the budget as prefill at the longest context a partial prefill has reached),
 * the unit of SLAI's offsets instead of the mean step: a decode then turns critical while one more
 * long step still fits before its deadline. Falls back to the mean step without an estimate.
 */
export function fullStepSeconds(
  view: EngineView,
  config: SlaiOptions,
  decodes: readonly { readonly seq: SeqView }[],
  paused: readonly SeqView[],
): number {
  const estimate = view.estimateStepSeconds;
  if (estimate === undefined) return view.meanStepSeconds;
  const count = Math.min(decodes.length, config.limitTotalDecodes);
  let context = 0;
  for (let i = 0; i < count; i++)
    context += computedTokens((decodes[i] as { seq: SeqView }).seq) + 1;
  let prefillContext = 0;
  for (const seq of paused) prefillContext = Math.max(prefillContext, computedTokens(seq));
  const prefill = Math.max(0, config.tokenBudget - count);
  return estimate({
    prefillSeqs: prefill > 0 ? 1 : 0,
    prefillTokens: prefill,
    prefillAttention: prefill * (prefillContext + prefill / 2),
    decodeSeqs: count,
    decodeContext: context,
  });
}
