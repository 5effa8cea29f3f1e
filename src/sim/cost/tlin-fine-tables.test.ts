import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngineProfile } from './engine-profiles.js';
import { fineTlinTables, fineTlinTokens, measuredFineTlin, tiledTlin } from './tlin-fine-tables.js';
import { interpolateTlin, tlinTables, tlinTokens } from './tlin-tables.js';

const costDir = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'data', 'cost');
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
];

describe('the tiled cost model', () => {
  it('is a step function of N on the fine grid, equal to the coarse table at its points', () => {
    const fine = fineTlinTables['mistral-7b/a100/tp1'] as readonly number[];
    const coarse = tlinTables['mistral-7b/a100/tp1'] as readonly number[];
    expect(fineTlinTokens).toHaveLength(259);
    for (const n of tlinTokens) expect(tiledTlin(fine, n)).toBe(interpolateTlin(coarse, n));
    // a partial tile costs the next grid point: 129..136 all cost N = 136
    expect(tiledTlin(fine, 129)).toBe(tiledTlin(fine, 136));
    expect(tiledTlin(fine, 129)).toBeGreaterThan(1.3 * tiledTlin(fine, 128));
    expect(tiledTlin(fine, 8192)).toBeCloseTo(interpolateTlin(coarse, 8192), 6);
  });

  it('is selected by --cost-model tiled and charges the tile step the default model smooths', () => {
    const step = (costModel: string, prefillTokens: number) =>
      createEngineProfile({ model: 'mistral-7b', gpu: 'a100', costModel }).cost.stepSeconds({
        prefillSeqs: 1,
        prefillTokens,
        prefillAttention: 0,
        decodeSeqs: 0,
        decodeContext: 0,
      });
    expect(step('tiled', 512)).toBeCloseTo(step('default', 512), 9);
    const jumpTiled = step('tiled', 520) - step('tiled', 512);
    const jumpDefault = step('default', 520) - step('default', 512);
    expect(jumpTiled).toBeGreaterThan(5 * jumpDefault);
    expect(() =>
      createEngineProfile({ model: 'llama-3-70b', gpu: 'a100', costModel: 'tiled' }),
    ).toThrow(/tiled cost preset/);
  });
});

describe.skipIf(!existsSync(costDir))(
  'fine tables vs ../shared/data/cost (skipped when ../shared is absent)',
  () => {
    const sources = {
      'llama-3-8b/a100/tp1': 'a100_meta-llama_Meta-Llama-3-8B_mlp.csv',
      'llama-2-7b/a100/tp1': 'a100_meta-llama_Llama-2-7b-hf_mlp.csv',
      'llama-2-7b/h100/tp1': 'h100_meta-llama_Llama-2-7b-hf_mlp.csv',
    } as const;
    it.each(Object.entries(sources))('%s equals the Vidur profile at every N', (key, file) => {
      const [header = '', ...rows] = readFileSync(join(costDir, file), 'utf8').trim().split('\n');
      const cols = header.split(',');
      const col = (name: string): number => cols.indexOf(name);
      const byN = new Map<number, number>();
      for (const line of rows) {
        const cells = line.split(',');
        const n = Number(cells[col('num_tokens')]);
        if (Number(cells[col('num_tensor_parallel_workers')]) !== 1 || n > 4096 || byN.has(n))
          continue;
        const perLayer =
          ops.reduce((sum, op) => sum + Number(cells[col(`time_stats.${op}.mean`)]), 0) +
          Number(cells[col('time_stats.add.mean')]);
        byN.set(n, perLayer * 32);
      }
      expect([...byN.keys()].sort((a, b) => a - b)).toEqual(fineTlinTokens);
      const embedded = measuredFineTlin[key as keyof typeof measuredFineTlin];
      fineTlinTokens.forEach((n, i) => {
        expect(embedded[i]).toBeCloseTo(byN.get(n) as number, 2);
      });
    });
  },
);
