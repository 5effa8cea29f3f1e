/**
 * SGLang's scheduler loop (`get_next_batch_to_run`, mixed chunk off — the default), shared by
 * `sglang-lpm` and `sglang-dfs-weight`:
 *
 *   prefill step, if any request can start: the unfinished chunked request first, then waiting
 *     requests in policy order, each chunk <= chunked_prefill_size, total <= the same budget,
 *     stop at the first that does not fit memory (watermark) or max running requests;
 *   otherwise a decode step: every running decode gets 1 token; on KV shortage retract the
 *     request with the fewest output tokens (ties: the longest prompt), as `retract_decode`.
 *
 * Approximation: SGLang's `new_token_ratio` reservation of future decode memory is not modelled
 * (admission keeps only the watermark free).
 */

import type { EngineView, PreemptMode, SeqView, StepPlan } from '../../core/step-plan.js';
import { chunkFor, compareArrival, isDecoding } from './seq-tokens.js';
import { createStepBuilder } from './step-builder.js';

/** Options of the SGLang step: chunk size, preemption mode and the waiting order. */
export interface SglangStepOptions {
  readonly chunkSize: number;
  readonly preemptMode: PreemptMode;
  /** Orders the waiting requests (preempted and new). */
  readonly order: (waiting: SeqView[], view: EngineView) => SeqView[];
}

export function planSglangStep(view: EngineView, options: SglangStepOptions): StepPlan {
  const running: SeqView[] = [];
  let waiting: SeqView[] = [];
  for (const seq of view.requests) {
    if (seq.state === 'running') running.push(seq);
    else waiting.push(seq);
  }
  if (!view.requestsInArrivalOrder) running.sort(compareArrival);
  const budget = Math.min(options.chunkSize, view.limits.maxBatchedTokens);
  // prefill step
  const prefill = createStepBuilder(view, budget);
  for (const seq of running) {
    if (!isDecoding(seq)) prefill.add(seq, chunkFor(seq, 0, prefill.budget));
  }
  if (waiting.length > 0) {
    waiting = options.order(waiting, view);
    let runningCount = running.length;
    for (const seq of waiting) {
      if (prefill.budget <= 0 || runningCount >= view.limits.maxSeqs) break;
      if (!prefill.add(seq, chunkFor(seq, 0, prefill.budget))) break;
      runningCount++;
    }
  }
  if (prefill.count > 0) return prefill.build();
  // decode step
  const decode = createStepBuilder(view);
  const victims = running
    .filter(isDecoding)
    .sort(
      (a, b) =>
        a.generated - b.generated || b.promptTokens - a.promptTokens || compareArrival(b, a),
    );
  for (const seq of running) {
    if (!isDecoding(seq) || decode.isPreempted(seq)) continue;
    while (!decode.fitsMemory(seq, 1) && victims.length > 0) {
      const victim = victims.shift() as SeqView;
      decode.preempt(victim, options.preemptMode);
      if (victim === seq) break;
    }
    if (!decode.isPreempted(seq)) decode.add(seq, 1);
  }
  return decode.build();
}
