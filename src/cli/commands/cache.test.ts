/**
 * `llmsched cache`: hit rates per cache size and eviction policy as JSON, and the LLRU renewal
 * approximation against the simulated LLRU.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../test/helpers/cli.js';
import { sharedPath } from '../../../test/helpers/shared-data.js';
import { approximateLlruHitRate } from '../../sim/cache/che-approximation.js';
import { simulatePrefixCache } from '../../sim/cache/prefix-cache-sim.js';
import { buildPrefixChains } from '../../sim/cache/prefix-chains.js';
import { readTrace } from '../../workloads/read-trace.js';

const run = (...args: string[]) => runCli(['cache', ...args]);
const mooncake = sharedPath('data', 'traces', 'mooncake-synthetic.jsonl');

function tinyMooncake(): string {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-cache-'));
  const path = join(dir, 'trace.jsonl');
  const rows = [
    { timestamp: 0, input_length: 1024, output_length: 5, hash_ids: [1, 2] },
    { timestamp: 10, input_length: 1536, output_length: 5, hash_ids: [1, 2, 3] },
    { timestamp: 20, input_length: 512, output_length: 5, hash_ids: [4] },
    { timestamp: 30, input_length: 1024, output_length: 5, hash_ids: [1, 5] },
  ];
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n'));
  return path;
}

describe('llmsched cache', () => {
  it('prints hit rates per size and policy as JSON', () => {
    const result = run('--trace', tinyMooncake(), '--sizes', '0.0005,0.01', '--json');
    expect(result.status, result.stderr).toBe(0);
    const analysis = JSON.parse(result.stdout);
    // 4 requests, 4096 prompt tokens; unbounded hits: 1024 (r2) + 512 (r4) = 1536
    expect(analysis.unboundedHitRate).toBeCloseTo(1536 / 4096, 12);
    expect(analysis.rows.map((r: { capacityBlocks: number }) => r.capacityBlocks)).toEqual([0, 19]);
    expect(analysis.rows[0].simulated.llru).toBe(0);
    expect(analysis.rows[1].simulated.belady).toBeCloseTo(1536 / 4096, 12);
  });

  it.each([
    [['--sizes', 'x'], /--sizes: expected positive numbers, got 'x'/],
    [['--block-tokens', '24'], /--block-tokens: expected a multiple of 16, got 24/],
    [['--policies', 'lru,fifo'], /--policies: unknown cache policy 'lru'/],
    [['--clock', 'wall'], /--clock: expected references or seconds, got 'wall'/],
  ])('rejects %j in one line with exit code 2', (args, message) => {
    const result = run('--trace', tinyMooncake(), ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe.skipIf(!existsSync(mooncake))(
  'Che model on Mooncake (skipped: needs ../shared traces)',
  () => {
    it('the windowed approximation of LLRU is within 0.02 of the simulated LLRU at every size; renewal is not', () => {
      const chains = buildPrefixChains(readTrace(mooncake), 512);
      let renewalWorst = 0;
      for (const millions of [0.25, 0.5, 1, 2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 16]) {
        const blocks = Math.floor((millions * 1e6) / 512);
        const simulated = simulatePrefixCache(chains, 'llru', blocks).hitRate;
        const windowed = approximateLlruHitRate(chains, blocks, 'windowed').hitRate;
        expect(Math.abs(windowed - simulated), `${millions}M tokens`).toBeLessThan(0.02);
        const renewal = approximateLlruHitRate(chains, blocks, 'renewal').hitRate;
        renewalWorst = Math.max(renewalWorst, Math.abs(renewal - simulated));
      }
      // one characteristic time for the whole trace overestimates where the cache fills mid-trace
      expect(renewalWorst).toBeGreaterThan(0.02);
    });
  },
);
