/**
 * Sarathi-Serve stall-free batching (algorithms.md §11.1, `sarathi_scheduler.py`).
 * Why choose: bounded TBT — decodes are never stalled behind a long prefill.
 * Inputs consumed: arrival time, state, pending tokens, KV blocks.
 * Each step, with budget B = chunk size (default 512) and max 128 sequences:
 *   1. every running decode gets 1 token, FCFS; on KV shortage preempt the last running request;
 *   2. running partial prefills get min(remaining prompt, B - used);
 *   3. waiting requests (preempted first) are admitted FCFS while budget remains, fewer than
 *      maxSeqs run and the WHOLE prompt fits in KV above the watermark (vLLM v0 `can_allocate`).
 * Tie-break: arrival, then admission sequence. Complexity: O(n) per step (O(n log n) unsorted).
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { scheduleDecodes } from './schedule-decodes.js';
import { chunkFor, compareArrival, isDecoding, pendingTokens } from './seq-tokens.js';
import { createStepBuilder } from './step-builder.js';

/** Sarathi-Serve stall-free batching (algorithms.md §11.1, `sarathi_scheduler.py`). */
export const sarathi: BatchPolicyFactory = {
  name: 'sarathi',
  summary:
    'Sarathi-Serve stall-free batching: decodes first, then partial prefills, then new (chunk 512)',
  create: (options) => {
    const chunkSize = options.chunkSize ?? 512;
    const mode = options.preemptMode ?? 'recompute';
    const maxSeqsCap = 128;
    return {
      name: 'sarathi',
      decodeStable: true,
      plan(view) {
        const running: SeqView[] = [];
        const waiting: SeqView[] = [];
        const preempted: SeqView[] = [];
        for (const seq of view.requests) {
          if (seq.state === 'running') running.push(seq);
          else if (seq.state === 'preempted') preempted.push(seq);
          else waiting.push(seq);
        }
        if (!view.requestsInArrivalOrder) {
          running.sort(compareArrival);
          preempted.sort(compareArrival);
          waiting.sort(compareArrival);
        }
        const budget = Math.min(chunkSize, view.limits.maxBatchedTokens);
        const builder = createStepBuilder(view, budget);
        const maxSeqs = Math.min(maxSeqsCap, view.limits.maxSeqs);
        // 1. decodes
        scheduleDecodes(builder, running, mode);
        // 2. partial prefills
        for (const seq of running) {
          if (isDecoding(seq) || builder.budget <= 0) continue;
          builder.add(seq, chunkFor(seq, 0, builder.budget));
        }
        // 3. new requests
        let runningCount = running.length;
        for (const list of [preempted, waiting]) {
          for (const seq of list) {
            if (builder.budget <= 0 || runningCount >= maxSeqs) return builder.build();
            if (!builder.fitsMemory(seq, pendingTokens(seq))) return builder.build();
            if (!builder.add(seq, chunkFor(seq, 0, builder.budget))) return builder.build();
            runningCount++;
          }
        }
        return builder.build();
      },
    };
  },
};
