/**
 * Pure roofline from a model config and a GPU spec, for models with no profile:
 * linear layers take max(2 · P_lin · N / TP FLOPs at peak · mfuPrefill, P_lin · 2 B / TP at HBM · 0.7);
 * attention and LM head as in the kernel-grounded model; the same overheads.
 * Compute runs at BLIS's calibrated mfuPrefill (0.45 on H100), which is pessimistic against the
 * Vidur profiles for large N (llama-3-8b/h100, N = 4096: 128 ms vs 89 ms of T_lin) and optimistic
 * for small N (no launch overheads): at rate scale 3 on the Azure trace it gives about 2x the
 * default model's TPOT. Use it only for models with no profile.
 */

import type { CostModel } from './cost-model.js';
import type { GpuSpec } from './hardware-specs.js';
import { linearParams, type ModelSpec } from './model-specs.js';
import { createSharedStepTerms } from './shared-step-terms.js';

/**
 * Pure roofline from a model config and a GPU spec, for models with no profile: linear layers take
 * max(2 · P_lin · N / TP FLOPs at peak · mfuPrefill, P_lin · 2 B / TP at HBM · 0.7); attention and
 * LM head as in the kernel-grounded model; the same overheads.
 */
export function createRooflineCost(
  model: ModelSpec,
  gpu: GpuSpec,
  tp: number,
  name: string,
): CostModel {
  const bandwidth = gpu.hbmBytesPerSecond * 0.7;
  const flops = gpu.peakFlops * gpu.mfuPrefill;
  const linear = linearParams(model) / tp;
  const weightSeconds = (linear * 2) / bandwidth;
  const withSharedTerms = createSharedStepTerms(model, gpu, tp);
  return {
    name,
    stepSeconds(batch) {
      const n = batch.prefillTokens + batch.decodeSeqs;
      if (n === 0) return 0;
      return withSharedTerms(Math.max(weightSeconds, (2 * linear * n) / flops), batch);
    },
  };
}
