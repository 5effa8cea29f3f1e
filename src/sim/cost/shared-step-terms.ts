/** Per-step overhead and per-request overhead, seconds (BLIS fits; cost-models.md). */

import type { StepBatch } from './cost-model.js';
import type { GpuSpec } from './hardware-specs.js';
import { kvBytesPerToken, type ModelSpec } from './model-specs.js';

/** Per-step overhead and per-request overhead, seconds (BLIS fits; cost-models.md). */
export const stepOverheadSeconds = 0.13e-3;
export const requestOverheadSeconds = 4.4e-6;

/**
 * The terms of a step's time that the kernel-grounded and the roofline cost models share
 * (cost-models.md): prefill and decode attention, the LM head, and the overheads.
 *
 *   k_da = KV bytes per token / (HBM · 0.7); k_pa = 4 · layers · heads · head_dim / TP / (peak · 0.5);
 *   LM head = vocab · d · 2 B / TP / (HBM · 0.7) per step + 2 · vocab · d / TP FLOPs per sequence.
 *
 * `stepSeconds(linearSeconds, batch)` adds them to a model's linear-layer time.
 */
export function createSharedStepTerms(
  model: ModelSpec,
  gpu: GpuSpec,
  tp: number,
): (linearSeconds: number, batch: StepBatch) => number {
  const bandwidth = gpu.hbmBytesPerSecond * 0.7;
  const flops = gpu.peakFlops * 0.5;
  const kDecode = kvBytesPerToken(model, tp) / bandwidth;
  const kPrefill = (4 * model.layers * model.heads * model.headDim) / tp / flops;
  const lmHeadStep = (model.vocab * model.hidden * 2) / tp / bandwidth;
  const lmHeadPerSeq = (2 * model.vocab * model.hidden) / tp / flops;
  return (linearSeconds, batch) => {
    const seqs = batch.prefillSeqs + batch.decodeSeqs;
    return (
      linearSeconds +
      kPrefill * batch.prefillAttention +
      kDecode * batch.decodeContext +
      lmHeadStep +
      lmHeadPerSeq * seqs +
      stepOverheadSeconds +
      requestOverheadSeconds * seqs
    );
  };
}
