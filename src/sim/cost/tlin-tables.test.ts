/**
 * Tests of the embedded T_lin cost tables: interpolation, KV capacity from GPU memory, the cost-
 * models.md sanity check, and (when the Vidur/BLIS data is present) equality with its profiles.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blackboxRows } from './blackbox-rows.js';
import { createEngineProfile } from './engine-profiles.js';
import { interpolateTlin, measuredTlin, tlinTables, tlinTokens } from './tlin-tables.js';
import { vidurCostDir, vidurTlin } from './vidur-profile.test-helper.js';

/** T_lin at the coarse table's points from a Vidur MLP profile CSV. */
function tlinFromCsv(file: string, layers: number, tp: number): number[] {
  const byN = vidurTlin(file, layers, tp);
  return tlinTokens.map((n) => {
    const ms = byN.get(n);
    if (ms === undefined) throw new Error(`${file}: no row for N=${n}, tp=${tp}`);
    return ms;
  });
}

describe('embedded cost tables', () => {
  it('interpolates T_lin and extrapolates linearly', () => {
    const table = measuredTlin['llama-3-8b/a100/tp1'];
    expect(interpolateTlin(table, 1)).toBe(table[0]);
    expect(interpolateTlin(table, 96)).toBeCloseTo((11.376 + 13.301) / 2, 9);
    expect(interpolateTlin(table, 8192)).toBeCloseTo(273.086 + (273.086 - 142.182) * 2, 6);
    expect(Object.keys(tlinTables)).toHaveLength(7);
  });

  it('derives KV capacity from GPU memory (BLIS uses 29,205 blocks for Llama-3.1-8B/H100)', () => {
    const blocks = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100' }).kvBlocks;
    expect(Math.abs(blocks - 29205) / 29205).toBeLessThan(0.01);
  });

  it('matches the cost-models.md sanity check (64 decodes at context 1000, A100)', () => {
    const { cost } = createEngineProfile({ model: 'llama-3-8b', gpu: 'a100' });
    const t = cost.stepSeconds({
      prefillSeqs: 0,
      prefillTokens: 0,
      prefillAttention: 0,
      decodeSeqs: 64,
      decodeContext: 64_000,
    });
    expect(t).toBeGreaterThan(0.016);
    expect(t).toBeLessThan(0.02);
  });

  it('refuses unknown presets listing the known ones', () => {
    expect(() =>
      createEngineProfile({ model: 'llama-2-7b', gpu: 'a100', costModel: 'blackbox' }),
    ).toThrow(/known: meta-llama/);
    expect(() => createEngineProfile({ gpu: 'tpu' })).toThrow(/known: h100, a100, l40s/);
    expect(
      createEngineProfile({ model: 'llama-2-7b', gpu: 'l40s', costModel: 'roofline' }).kvBlocks,
    ).toBeGreaterThan(0);
  });
});

describe.skipIf(!existsSync(vidurCostDir))(
  'embedded tables vs ../shared/data/cost (skipped when ../shared is absent)',
  () => {
    const sources = {
      'llama-3-8b/a100/tp1': ['a100_meta-llama_Meta-Llama-3-8B_mlp.csv', 32, 1],
      'llama-2-7b/a100/tp1': ['a100_meta-llama_Llama-2-7b-hf_mlp.csv', 32, 1],
      'llama-2-7b/h100/tp1': ['h100_meta-llama_Llama-2-7b-hf_mlp.csv', 32, 1],
      'llama-3-70b/a100/tp4': ['a100_meta-llama_Meta-Llama-3-70B_mlp.csv', 80, 4],
    } as const;
    it.each(Object.entries(sources))('%s equals the Vidur profile', (key, [file, layers, tp]) => {
      const fromCsv = tlinFromCsv(file, layers, tp);
      const embedded = measuredTlin[key as keyof typeof measuredTlin];
      fromCsv.forEach((value, i) => {
        expect(embedded[i]).toBeCloseTo(value, 2);
      });
    });

    it('blackbox rows equal the BLIS YAML rows', () => {
      for (const row of blackboxRows) {
        const file =
          row.source === '517fe652'
            ? 'defaults_blackbox_517fe652.yaml'
            : 'defaults_blackbox_pre553.yaml';
        const text = readFileSync(join(vidurCostDir, file), 'utf8');
        const entries = text.slice(text.indexOf('\nmodels:')).split('\n- ');
        const entry = entries.find(
          (e) =>
            e.includes(`id: ${row.id}\n`) &&
            e.includes(`GPU: ${row.gpu}\n`) &&
            e.includes(`tensor_parallelism: ${row.tp}\n`),
        );
        expect(entry, `${row.id}/${row.gpu}/${row.tp}`).toBeDefined();
        const beta = /beta_coeffs:\n\s+- ([\d.e+-]+)\n\s+- ([\d.e+-]+)\n\s+- ([\d.e+-]+)/.exec(
          entry ?? '',
        );
        expect(beta?.slice(1, 4).map(Number)).toEqual([...row.beta]);
        expect(entry).toContain(`total_kv_blocks: ${row.totalKvBlocks}`);
      }
    });
  },
);
