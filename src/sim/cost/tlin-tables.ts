/**
 * T_lin(N): milliseconds of the non-attention work of one step with N tokens (QKV/O projections,
 * gated MLP, norms, rope, two residual adds per layer), summed over layers, from the Vidur MLP
 * profiles in ../shared/data/cost (`time_stats.<op>.mean`, microsoft/vidur, MIT). Embedded so a
 * fresh clone needs no ../shared; `tlin-tables.test.ts` re-derives them from the CSVs when present.
 *
 * Measured: llama-3-8b/a100/tp1, llama-2-7b/a100/tp1, llama-2-7b/h100/tp1, llama-3-70b/a100/tp4.
 * Derived (no profile exists):
 * - llama-3-8b/h100: llama-3-8b/a100 × (llama-2-7b/h100 ÷ llama-2-7b/a100) at each N;
 * - qwen2.5-7b/h100: llama-2-7b/h100 × (linear params of qwen2.5-7b ÷ llama-2-7b);
 * - mistral-7b/a100: llama-3-8b/a100 (identical linear shapes; only the vocabulary differs).
 */

import { linearParams, type ModelName, modelSpecs } from './model-specs.js';

/**
 * T_lin(N): milliseconds of the non-attention work of one step with N tokens (QKV/O projections,
 * gated MLP, norms, rope, two residual adds per layer), summed over layers, from the Vidur MLP
 * profiles in ../shared/data/cost (`time_stats.<op>.mean`, microsoft/vidur, MIT).
 */
export const tlinTokens = [1, 16, 64, 128, 256, 512, 1024, 2048, 4096] as const;

export const measuredTlin = {
  'llama-3-8b/a100/tp1': [9.789, 10.2, 11.376, 13.301, 19.674, 34.768, 75.787, 142.182, 273.086],
  'llama-2-7b/a100/tp1': [9.371, 9.301, 9.779, 12.362, 17.957, 33.31, 68.15, 134.39, 256.659],
  'llama-2-7b/h100/tp1': [5.659, 5.822, 5.957, 6.454, 9.278, 12.136, 21.226, 40.922, 83.77],
  'llama-3-70b/a100/tp4': [25.012, 26.384, 27.112, 33.912, 51.392, 90.216, 188.12, 344.964, 656.12],
} as const satisfies Record<string, readonly number[]>;

const scaleBy = (table: readonly number[], factor: (i: number) => number): number[] =>
  table.map((value, i) => Math.round(value * factor(i) * 1000) / 1000);

const l2a100 = measuredTlin['llama-2-7b/a100/tp1'];
const l2h100 = measuredTlin['llama-2-7b/h100/tp1'];
const l3a100 = measuredTlin['llama-3-8b/a100/tp1'];

const paramRatio = (model: ModelName, reference: ModelName): number =>
  linearParams(modelSpecs[model]) / linearParams(modelSpecs[reference]);

/** Every preset's T_lin table (ms at `tlinTokens`), keyed `model/gpu/tpN`. */
export const tlinTables: Readonly<Record<string, readonly number[]>> = {
  ...measuredTlin,
  'llama-3-8b/h100/tp1': scaleBy(l3a100, (i) => (l2h100[i] ?? 1) / (l2a100[i] ?? 1)),
  'qwen2.5-7b/h100/tp1': scaleBy(l2h100, () => paramRatio('qwen2.5-7b', 'llama-2-7b')),
  'mistral-7b/a100/tp1': [...l3a100],
};

/** Piecewise-linear interpolation in N; linear extrapolation past 4096 from the last two points. */
export function interpolateTlin(table: readonly number[], n: number): number {
  const xs = tlinTokens;
  if (n <= xs[0]) return table[0] ?? 0;
  let i = 1;
  while (i < xs.length - 1 && n > (xs[i] as number)) i++;
  const x0 = xs[i - 1] as number;
  const x1 = xs[i] as number;
  const y0 = table[i - 1] as number;
  const y1 = table[i] as number;
  return y0 + ((y1 - y0) * (n - x0)) / (x1 - x0);
}
