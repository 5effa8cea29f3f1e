/**
 * Reads T_lin(N) from a Vidur MLP profile CSV in ../shared/data/cost (tests only: they check the
 * embedded cost tables against the source profiles, and skip when ../shared is absent).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../../../test/helpers/shared-data.js';

export const vidurCostDir = sharedPath('data', 'cost');

/** The per-layer linear ops Vidur profiles (`add` runs twice a layer). */
const ops = [
  'input_layernorm',
  'attn_pre_proj',
  'attn_rope',
  'attn_post_proj',
  'post_attention_layernorm',
  'mlp_up_proj',
  'mlp_act',
  'mlp_down_proj',
  'add',
] as const;

/** T_lin(N) in ms (per-layer op means, add twice, x layers) by N, first row of each N at this tp. */
export function vidurTlin(file: string, layers: number, tp: number): Map<number, number> {
  const [header = '', ...rows] = readFileSync(join(vidurCostDir, file), 'utf8').trim().split('\n');
  const cols = header.split(',');
  const col = (name: string): number => cols.indexOf(name);
  const byN = new Map<number, number>();
  for (const line of rows) {
    const cells = line.split(',');
    const n = Number(cells[col('num_tokens')]);
    if (Number(cells[col('num_tensor_parallel_workers')]) !== tp || byN.has(n)) continue;
    const perLayer =
      ops.reduce((sum, op) => sum + Number(cells[col(`time_stats.${op}.mean`)]), 0) +
      Number(cells[col('time_stats.add.mean')]);
    byN.set(n, perLayer * layers);
  }
  return byN;
}
