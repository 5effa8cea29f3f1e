/**
 * Tests of the tiled cost model: the fine T_lin grid as a step function and its selection by
 * --cost-model tiled.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngineProfile } from './engine-profiles.js';
import { fineTlinTables, fineTlinTokens, measuredFineTlin, tiledTlin } from './tlin-fine-tables.js';
import { interpolateTlin, tlinTables, tlinTokens } from './tlin-tables.js';
import { vidurCostDir, vidurTlin } from './vidur-profile.test-helper.js';

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

describe.skipIf(!existsSync(vidurCostDir))(
  'fine tables vs ../shared/data/cost (skipped when ../shared is absent)',
  () => {
    const sources = {
      'llama-3-8b/a100/tp1': 'a100_meta-llama_Meta-Llama-3-8B_mlp.csv',
      'llama-2-7b/a100/tp1': 'a100_meta-llama_Llama-2-7b-hf_mlp.csv',
      'llama-2-7b/h100/tp1': 'h100_meta-llama_Llama-2-7b-hf_mlp.csv',
    } as const;
    it.each(Object.entries(sources))('%s equals the Vidur profile at every N', (key, file) => {
      const byN = vidurTlin(file, 32, 1);
      for (const n of byN.keys()) if (n > 4096) byN.delete(n);
      expect([...byN.keys()].sort((a, b) => a - b)).toEqual(fineTlinTokens);
      const embedded = measuredFineTlin[key as keyof typeof measuredFineTlin];
      fineTlinTokens.forEach((n, i) => {
        expect(embedded[i]).toBeCloseTo(byN.get(n) as number, 2);
      });
    });
  },
);
