import type { CostModel } from './cost-model.js';
import type { GpuSpec } from './hardware-specs.js';
import { requestOverheadSeconds, stepOverheadSeconds } from './kernel-cost.js';
import { kvBytesPerToken, linearParams, type ModelSpec } from './model-specs.js';

/**
 * Pure roofline from a model config and a GPU spec, for models with no profile:
 * linear layers take max(2 · P_lin · N / TP FLOPs at peak · mfuPrefill, P_lin · 2 B / TP at HBM · 0.7);
 * attention and LM head as in the kernel-grounded model; the same overheads.
 * Optimistic for small N (no kernel launch or GEMM tiling losses beyond the efficiencies).
 */
export function createRooflineCost(
  model: ModelSpec,
  gpu: GpuSpec,
  tp: number,
  name: string,
): CostModel {
  const bandwidth = gpu.hbmBytesPerSecond * 0.7;
  const flops = gpu.peakFlops * gpu.mfuPrefill;
  const attentionFlops = gpu.peakFlops * 0.5;
  const linear = linearParams(model) / tp;
  const weightSeconds = (linear * 2) / bandwidth;
  const kDecode = kvBytesPerToken(model, tp) / bandwidth;
  const kPrefill = (4 * model.layers * model.heads * model.headDim) / tp / attentionFlops;
  const lmHeadStep = (model.vocab * model.hidden * 2) / tp / bandwidth;
  const lmHeadPerSeq = (2 * model.vocab * model.hidden) / tp / attentionFlops;
  return {
    name,
    stepSeconds(batch) {
      const seqs = batch.prefillSeqs + batch.decodeSeqs;
      const n = batch.prefillTokens + batch.decodeSeqs;
      if (n === 0) return 0;
      const linearSeconds = Math.max(weightSeconds, (2 * linear * n) / flops);
      return (
        linearSeconds +
        kPrefill * batch.prefillAttention +
        kDecode * batch.decodeContext +
        lmHeadStep +
        lmHeadPerSeq * seqs +
        stepOverheadSeconds +
        requestOverheadSeconds * seqs
      );
    },
  };
}
