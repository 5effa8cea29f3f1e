/**
 * Token and block arithmetic of one sequence, shared by every batch policy.
 *
 * A sequence needs its prompt plus its generated tokens in KV before it can emit the next token
 * (vLLM v1's `num_tokens` vs `num_computed_tokens`): a decode has 1 pending token; a prefill, a
 * recompute after preemption, or a resume all have more.
 */

import type { SeqView } from '../../core/step-plan.js';
import { missingField } from '../missing-field.js';

/** Tokens whose KV is computed (a waiting request counts its prefix-cache hit). */
export function computedTokens(seq: SeqView): number {
  const computed = seq.computedTokens;
  if (computed !== undefined) return computed;
  if (seq.state === 'running') {
    return seq.generated > 0 ? seq.promptTokens + seq.generated - 1 : seq.prefillDone;
  }
  return Math.min(seq.cachedTokens, seq.promptTokens + seq.generated - 1);
}

/** Tokens to compute before the next output token (>= 1 for an unfinished request). */
export function pendingTokens(seq: SeqView): number {
  return Math.max(1, seq.promptTokens + seq.generated - computedTokens(seq));
}

/** True when the next step for this sequence is a single decode token. */
export function isDecoding(seq: SeqView): boolean {
  // pendingTokens with the computed tokens read once
  const computed = computedTokens(seq);
  const prompt = seq.promptTokens;
  return computed >= prompt && prompt + seq.generated - computed <= 1;
}

/** Holds KV on the GPU now (running, or a preserved running request). */
export function holdsKv(seq: SeqView): boolean {
  return seq.state === 'running';
}

/** New GPU blocks needed to compute `tokens` more tokens of `seq`. */
export function blocksNeeded(seq: SeqView, tokens: number, blockSize: number): number {
  const total = Math.ceil((computedTokens(seq) + tokens) / blockSize);
  const have =
    seq.state === 'running' ? seq.kvBlocks : seq.swapped ? 0 : (seq.cachedBlocksInUse ?? 0);
  return Math.max(0, total - have);
}

/** GPU blocks freed if `seq` is preempted now. */
export function blocksFreed(seq: SeqView): number {
  return seq.state === 'running' ? (seq.exclusiveBlocks ?? seq.kvBlocks) : 0;
}

/** Chunk for `seq` under a per-request cap (0 = none) and the step's remaining budget. */
export function chunkFor(seq: SeqView, chunkCap: number, budget: number): number {
  const pending = pendingTokens(seq);
  const capped = chunkCap > 0 && pending > 1 ? Math.min(pending, chunkCap) : pending;
  return Math.min(capped, budget);
}

/** FCFS order: arrival time, then admission sequence. */
export function compareArrival(a: SeqView, b: SeqView): number {
  return a.arrivalTime - b.arrivalTime || a.seq - b.seq;
}

/** Running decodes before running prefill chunks (Sarathi's order), each by arrival. */
export function compareDecodesFirst(a: SeqView, b: SeqView): number {
  return Number(!isDecoding(a)) - Number(!isDecoding(b)) || compareArrival(a, b);
}

/**
 * Predicted output tokens still to come: the executor's refined `predictedRemaining` when it has
 * one, else `predictedSize - generated` (negative once a request outlives its prediction; callers
 * clamp as their rule says). `policy` names the policy in the error when no prediction is supplied.
 */
export function predictedOutputLeft(seq: SeqView, policy: string): number {
  if (seq.predictedRemaining !== undefined) return seq.predictedRemaining;
  if (seq.predictedSize === undefined) throw missingField(policy, 'predictedSize');
  return seq.predictedSize - seq.generated;
}
