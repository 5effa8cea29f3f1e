/**
 * RAD, resource-aware dynamic scheduling (Bari, Hegde, de Veciana 2025; algorithms.md §11.3).
 * RECONSTRUCTED: the reference repository has no RAD; this follows the two principles the abstract
 * names (docs/policies/rad.md says what is reconstructed).
 * Why choose: throughput; every step is a whole number of GEMM tiles, split between decode and
 *   prefill by the queue state, never a static share.
 * Inputs consumed: state, pending tokens, prompt length, KV blocks.
 *
 *   B* = floor(budget / tile) * tile                       (optimal tiling; budget 512, tile 128)
 *   1. every running decode gets 1 token (FCFS) up to B*; on KV shortage preempt the latest-arrived
 *      running request (as Sarathi);
 *   2. the rest of B* goes to prefill work, shortest remaining prompt first, over partial prefills
 *      and new requests alike (dynamic split: decodes take what the queue holds, prefill the rest);
 *      a new request is admitted only when its whole prompt fits KV above the watermark and fewer
 *      than maxSeqs run; chunks fill the step to B*, so no tile is left partial while prompt work
 *      that fits remains;
 *   3. (`fillSlot`, default 1, RECONSTRUCTED) the last free sequence slot, when no admitted prompt
 *      stays unfinished after this step, goes to the longest waiting prompt that fits: shortest-first
 *      alone fills every slot with decodes, and at the maxSeqs cap the steps run decode-only.
 * Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 */

import type { SeqView } from '../../core/step-plan.js';
import { paramInRange } from '../param-range.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { scheduleDecodes } from './schedule-decodes.js';
import { chunkFor, compareArrival, isDecoding, pendingTokens } from './seq-tokens.js';
import { createStepBuilder, type StepBuilder } from './step-builder.js';

/** RAD's `--params` names. */
export const radParamNames = ['tokenBudget', 'tile', 'maxSeqs', 'fillSlot'];

export const rad: BatchPolicyFactory = {
  name: 'rad',
  summary:
    'RAD (reconstructed): tile-aligned budget, all decodes then shortest-remaining-prompt prefills',
  create: (options) => {
    const params = options.params ?? {};
    for (const key of Object.keys(params)) {
      if (!radParamNames.includes(key)) {
        paramInRange(
          'rad',
          `${key} (unknown; known: ${radParamNames.join(', ')})`,
          Number.NaN,
          0,
          0,
        );
      }
    }
    const inf = Number.POSITIVE_INFINITY;
    const tile = Math.floor(paramInRange('rad', 'tile', params['tile'] ?? 128, 1, inf));
    const budget = Math.floor(
      paramInRange('rad', 'tokenBudget', params['tokenBudget'] ?? options.chunkSize ?? 512, 1, inf),
    );
    const maxSeqsCap = Math.floor(paramInRange('rad', 'maxSeqs', params['maxSeqs'] ?? 128, 1, inf));
    const fillSlot = paramInRange('rad', 'fillSlot', params['fillSlot'] ?? 1, 0, 1);
    if (fillSlot !== 0 && fillSlot !== 1)
      paramInRange('rad', 'fillSlot (0 or 1)', Number.NaN, 0, 1);
    const mode = options.preemptMode ?? 'recompute';
    return {
      name: 'rad',
      decodeStable: true,
      plan(view) {
        const running: SeqView[] = [];
        const prefill: SeqView[] = [];
        for (const seq of view.requests) {
          if (seq.state === 'running') running.push(seq);
          else prefill.push(seq);
        }
        running.sort(compareArrival);
        const cap = Math.min(budget, view.limits.maxBatchedTokens);
        const tiled = cap >= tile ? Math.floor(cap / tile) * tile : cap;
        const builder = createStepBuilder(view, tiled);
        const maxSeqs = Math.min(maxSeqsCap, view.limits.maxSeqs);
        // 1. decodes
        scheduleDecodes(builder, running, mode);
        // 2. prefill work, shortest remaining prompt first
        for (const seq of running) if (!isDecoding(seq)) prefill.push(seq);
        prefill.sort((a, b) => pendingTokens(a) - pendingTokens(b) || compareArrival(a, b));
        let runningCount = running.length;
        // prompts of running requests still unfinished after this step (the filler of later steps)
        let inFlight = 0;
        for (const seq of running) if (!isDecoding(seq)) inFlight++;
        for (let i = 0; i < prefill.length; i++) {
          const seq = prefill[i] as SeqView;
          if (builder.budget <= 0) break;
          if (builder.isPreempted(seq) || builder.isScheduled(seq)) continue;
          if (seq.state === 'running') {
            const chunk = chunkFor(seq, 0, builder.budget);
            if (builder.add(seq, chunk) && chunk === pendingTokens(seq)) inFlight--;
            continue;
          }
          if (runningCount >= maxSeqs) continue;
          const lastSlot = fillSlot === 1 && runningCount === maxSeqs - 1 && inFlight <= 0;
          const pick = lastSlot ? longestAdmissible(builder, prefill, i) : seq;
          if (pick === undefined || !builder.fitsMemory(pick, pendingTokens(pick))) continue;
          const chunk = chunkFor(pick, 0, builder.budget);
          if (!builder.add(pick, chunk)) continue;
          runningCount++;
          if (chunk < pendingTokens(pick)) inFlight++;
        }
        return builder.build();
      },
    };
  },
};

/**
 * RECONSTRUCTED (`fillSlot`): the longest waiting prompt from `from` on that fits KV above the
 * watermark, for the last free sequence slot when no prompt is left in flight. Shortest-first alone
 * fills every slot with short prompts that turn into decodes within a step; at the `maxSeqs` cap the
 * steps are then decode-only and use a quarter of the budget (measured: docs/policies/rad.md).
 */
function longestAdmissible(
  builder: StepBuilder,
  prefill: readonly SeqView[],
  from: number,
): SeqView | undefined {
  let best: SeqView | undefined;
  for (let i = from; i < prefill.length; i++) {
    const seq = prefill[i] as SeqView;
    if (seq.state === 'running' || builder.isPreempted(seq) || builder.isScheduled(seq)) continue;
    if (best !== undefined && pendingTokens(seq) <= pendingTokens(best)) continue;
    if (builder.fitsMemory(seq, pendingTokens(seq))) best = seq;
  }
  return best;
}
