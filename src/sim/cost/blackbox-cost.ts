/**
 * BLIS blackbox linear model: step µs = β0 + β1 · prefill tokens + β2 · decode tokens.
 * Prefix-cache hits are not computed, so `prefillTokens` is already the uncached count.
 * BLIS's per-request α terms (queueing/output processing) are not modelled.
 */

import { unknownName } from '../../core/errors.js';
import { type BlackboxRow, blackboxModelIds, blackboxRows } from './blackbox-rows.js';
import type { CostModel } from './cost-model.js';

/** BLIS blackbox linear model: step µs = β0 + β1 · prefill tokens + β2 · decode tokens. */
export function findBlackboxRow(model: string, gpu: string, tp: number): BlackboxRow {
  const id = blackboxModelIds[model];
  const gpuId = gpu === 'h100' ? 'H100' : gpu === 'a100' ? 'A100-80' : gpu;
  const row = blackboxRows.find((r) => r.id === id && r.gpu === gpuId && r.tp === tp);
  if (!row) {
    const known = blackboxRows.map((r) => `${r.id}/${r.gpu}/tp${r.tp}`);
    throw unknownName('blackbox row (model/gpu/tp)', `${model}/${gpu}/tp${tp}`, known);
  }
  return row;
}

export function createBlackboxCost(row: BlackboxRow, name: string): CostModel {
  const [b0, b1, b2] = row.beta;
  return {
    name,
    stepSeconds(batch) {
      if (batch.prefillTokens + batch.decodeSeqs === 0) return 0;
      return (b0 + b1 * batch.prefillTokens + b2 * batch.decodeSeqs) * 1e-6;
    },
  };
}
