/**
 * Where the host tier loses prefix hits on the Mooncake synthetic trace (issue 13): runs
 * vllm-fcfs with a host tier and, at each request's first admission, compares the hit it got with
 * the ideal one (the leading blocks some earlier request has computed: the unbounded-memory hit)
 * and classifies the first missing block: still in GPU memory behind a cut chain, in the tier but
 * not loaded (GPU blocks short), or in neither (evicted from the tier).
 * A diagnostic: it wraps BlockPool.register and BlockPoolMemory.admit of this process only.
 *
 *   npx tsx scripts/diagnose-host-tier.ts [rate-scale = 0.1] [tier GB = 1000] [tier policy = llru: prefixTierPolicies]
 */
import { existsSync } from 'node:fs';
import { kvBytesPerToken, modelSpecs } from '../src/sim/cost/model-specs.js';
import type { SimSeq } from '../src/sim/engine/sim-seq.js';
import { BlockPool } from '../src/sim/kv/block-pool.js';
import { BlockPoolMemory } from '../src/sim/kv/block-pool-memory.js';
import { type PrefixTierPolicy, prefixTierPolicies } from '../src/sim/kv/prefix-tier.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';

const tracePath = '../shared/data/traces/mooncake-synthetic.jsonl';
if (!existsSync(tracePath)) {
  console.error(`diagnose-host-tier: ${tracePath} not found (needs ../shared)`);
  process.exit(2);
}
const rateScale = Number(process.argv[2] ?? '0.1');
const gb = Number(process.argv[3] ?? '1000');
const policy = (process.argv[4] ?? 'llru') as PrefixTierPolicy;
if (!prefixTierPolicies.includes(policy)) {
  console.error(`diagnose-host-tier: policy must be one of ${prefixTierPolicies.join(', ')}`);
  process.exit(2);
}
const spec = modelSpecs['llama-3-8b'];
const tierTokens = Math.floor((gb * 1e9) / kvBytesPerToken(spec, spec.tp));

const everComputed = new Set<number>();
const register = BlockPool.prototype.register;
BlockPool.prototype.register = function (this: BlockPool, block, key, parent) {
  everComputed.add(key);
  register.call(this, block, key, parent);
};
const blocks = { ideal: 0, hit: 0, lostEvicted: 0, lostChainCut: 0, lostNotLoaded: 0 };
const admit = BlockPoolMemory.prototype.admit;
BlockPoolMemory.prototype.admit = function (this: BlockPoolMemory, r: SimSeq, now: number) {
  const first = !r.admitted;
  const cost = admit.call(this, r, now);
  if (!first || cost < 0) return cost;
  const limit = Math.floor((r.needed - 1) / this.blockSize);
  const keys = r.keys(limit);
  let ideal = 0;
  while (ideal < limit && everComputed.has(keys[ideal] as number)) ideal++;
  const got = Math.floor(r.computed / this.blockSize);
  blocks.ideal += ideal;
  blocks.hit += got;
  if (got < ideal) {
    const key = keys[got] as number;
    if (this.pool.lookup([key], 1) === 1) blocks.lostChainCut += ideal - got;
    else if (this.tier?.lookup([key], 0, 1) === 1) blocks.lostNotLoaded += ideal - got;
    else blocks.lostEvicted += ideal - got;
  }
  return cost;
};

const result = runSimulation({
  requests: readTrace(tracePath, { rateScale }),
  policy: 'vllm-fcfs',
  seed: 1,
  model: 'llama-3-8b',
  gpu: 'h100',
  ...(tierTokens > 0 ? { hostTier: { tokens: tierTokens, policy } } : {}),
});
const share = (n: number): string =>
  `${((100 * n) / Math.max(1, blocks.ideal - blocks.hit)).toFixed(1)}%`;
console.log(
  [
    `rate-scale ${rateScale}, host tier ${gb} GB (${tierTokens} tokens) ${policy}:`,
    `prefix hit rate ${(100 * result.summary.prefixHitRate).toFixed(1)}%`,
    `(16-token blocks: hit ${blocks.hit} of ideal ${blocks.ideal} = ${((100 * blocks.hit) / blocks.ideal).toFixed(1)}%)`,
    `lost: evicted from the tier ${share(blocks.lostEvicted)}, GPU chain cut ${share(blocks.lostChainCut)},`,
    `in the tier but not loaded ${share(blocks.lostNotLoaded)}`,
  ].join(' '),
);
