/**
 * The kernel-grounded default cost model (cost-models.md, "Recommended model"):
 *
 *   t = T_lin(N) + k_pa · Σ t_i (c_i + t_i/2) + k_da · Σ ctx_j + LM head + o_step + o_req · B
 *
 * N = prefill tokens + decodes; T_lin from the Vidur profiles (tlin-tables.ts);
 * k_da = KV bytes per token / (HBM · 0.7); k_pa = 4 · layers · heads · head_dim / TP / (peak · 0.5);
 * LM head = vocab · d · 2 B / (HBM · 0.7) once per step + 2 · vocab · d FLOPs / TP per sequence;
 * o_step = 0.13 ms, o_req = 4.4 µs (BLIS fits); all but T_lin in shared-step-terms.ts.
 */

import type { CostModel } from './cost-model.js';
import type { GpuSpec } from './hardware-specs.js';
import type { ModelSpec } from './model-specs.js';
import { createSharedStepTerms } from './shared-step-terms.js';
import { interpolateTlin } from './tlin-tables.js';

/**
 * What the kernel cost model is built from: model and GPU specs, tensor parallelism and the fitted
 * linear-layer times.
 */
export interface KernelCostOptions {
  readonly model: ModelSpec;
  readonly gpu: GpuSpec;
  readonly tp: number;
  /** T_lin table in ms at tlinTokens. */
  readonly tlin: readonly number[];
  /** T_lin in ms at N instead of interpolating `tlin` (the `tiled` model: tlin-fine-tables.ts). */
  readonly tlinAt?: (n: number) => number;
  readonly name: string;
}

export function createKernelCost(options: KernelCostOptions): CostModel {
  const { model, gpu, tp, tlin } = options;
  const tlinAt = options.tlinAt ?? ((n: number) => interpolateTlin(tlin, n));
  const withSharedTerms = createSharedStepTerms(model, gpu, tp);
  return {
    name: options.name,
    stepSeconds(batch) {
      const n = batch.prefillTokens + batch.decodeSeqs;
      if (n === 0) return 0;
      return withSharedTerms(tlinAt(n) / 1000, batch);
    },
  };
}
