/**
 * What the host-tier studies (scripts/study-tier-*.ts, issue 13) share: the Mooncake synthetic
 * trace from ../shared (the process exits 0 with a message when it is absent), llama-3-8b KV tokens
 * per TB (131,072 B per token in fp16; 1 TB = 1e12 B) and the `--tb` list of tier sizes.
 */
import { existsSync } from 'node:fs';
import type { SchedRequest } from '../../src/core/request.js';
import type { PrefixChains } from '../../src/sim/cache/prefix-chains.js';
import { kvBytesPerToken, modelSpecs } from '../../src/sim/cost/model-specs.js';
import type { PrefixTier } from '../../src/sim/kv/prefix-tier.js';
import { readTrace } from '../../src/workloads/read-trace.js';
import { flag } from './e1-study.js';

export interface TierStudySetup {
  readonly requests: readonly SchedRequest[];
  readonly tokensPerTb: number;
  /** Tier sizes in TB (`--tb`, default 1,1.2). */
  readonly sizes: readonly number[];
}

export function tierStudySetup(): TierStudySetup {
  const tracePath = '../shared/data/traces/mooncake-synthetic.jsonl';
  if (!existsSync(tracePath)) {
    console.error(`skipped: ${tracePath} is absent`);
    process.exit(0);
  }
  const spec = modelSpecs['llama-3-8b'];
  return {
    requests: readTrace(tracePath),
    tokensPerTb: 1e12 / kvBytesPerToken(spec, spec.tp),
    sizes: flag('--tb', '1,1.2').split(',').map(Number),
  };
}

/**
 * The chains' requests in arrival order with `tier` as the only prefix cache: each looks up its
 * longest cached prefix, loads it, and offers its whole chain tail first (as the GPU pool evicts).
 * Hit rate = hit prompt tokens / prompt tokens; `stranded`: the share of the blocks past a
 * request's first miss that the tier still holds (a chain cut in the middle).
 */
export function serveTier(c: PrefixChains, tier: PrefixTier): { hit: number; stranded: number } {
  let hit = 0;
  let stranded = 0;
  let held = 0;
  for (let i = 0; i + 1 < c.offsets.length; i++) {
    const from = c.offsets[i] as number;
    const to = c.offsets[i + 1] as number;
    const keys = c.blocks.subarray(from, to);
    const n = tier.lookup(keys, 0, keys.length);
    for (let r = from; r < from + n; r++) hit += c.refTokens[r] as number;
    // blocks past the first miss that the tier still holds: a chain cut in the middle
    for (let k = n + 1; k < keys.length; k++) {
      held++;
      if (tier.lookup(keys, k, k + 1) === 1) stranded++;
    }
    tier.load(keys, 0, n);
    // the GPU evicts the chain tail first: computed blocks new, loaded ones offered again
    for (let k = keys.length - 1; k >= 0; k--) tier.offer(keys[k] as number);
  }
  return { hit: hit / c.totalPromptTokens, stranded: stranded / Math.max(1, held) };
}
