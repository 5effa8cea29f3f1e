/**
 * The host tier's eviction policies at trace level (issue 13), cheap before the simulator: every
 * registered tier policy (src/sim/kv/prefix-tier.ts, the simulator's own code) serves the Mooncake
 * synthetic trace's requests in arrival order as the only prefix cache. Per request: the tier
 * finds the longest cached prefix of its chain (`lookup`), loads it (`load`), and is offered the
 * whole chain tail first (as the GPU pool evicts it: the loaded blocks again, the computed ones
 * new; `reused` is never set: no GPU level, no GPU hits).
 * Hit rate = hit prompt tokens / prompt tokens; capacity = the tier size in blocks of llama-3-8b
 * KV (131,072 B per token; 1 TB = 1e12 B). With --halves also the two halves of the trace on their
 * own, each with the tier scaled to the same share of its distinct blocks (a policy that wins on
 * one half only is fitted to noise; the shared folder has no other Mooncake trace), and with
 * --sweep parameters other than the sources' defaults (labelled: a sweep on this one trace).
 *
 *   npx tsx scripts/study-tier-policies.ts [--tb 1,1.2] [--block 16] [--halves] [--sweep]
 */
import { buildPrefixChains, type PrefixChains } from '../src/sim/cache/prefix-chains.js';
import {
  createPrefixTier,
  type PrefixTier,
  prefixTierPolicies,
} from '../src/sim/kv/prefix-tier.js';
import { createS3FifoTier } from '../src/sim/kv/prefix-tier-s3fifo.js';
import { createWTinyLfuTier } from '../src/sim/kv/prefix-tier-wtinylfu.js';
import { flag } from './lib/e1-study.js';
import { serveTier, tierStudySetup } from './lib/tier-study.js';

const { requests, tokensPerTb, sizes } = tierStudySetup();
const blockTokens = Number(flag('--block', '16'));

function unbounded(c: PrefixChains): number {
  const seen = new Uint8Array(c.blockCount);
  let hit = 0;
  for (let i = 0; i + 1 < c.offsets.length; i++) {
    let r = c.offsets[i] as number;
    const to = c.offsets[i + 1] as number;
    while (r < to && seen[c.blocks[r] as number] === 1) hit += c.refTokens[r++] as number;
    for (let k = c.offsets[i] as number; k < to; k++) seen[c.blocks[k] as number] = 1;
  }
  return hit / c.totalPromptTokens;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
type Make = (capacityBlocks: number) => PrefixTier;
const defaults: [string, Make][] = prefixTierPolicies.map((p) => [
  p,
  (cap: number) => createPrefixTier(cap, p),
]);
const sweep: [string, Make][] = [
  ['s3-fifo, move-to-main 1 (sweep)', (cap) => createS3FifoTier(cap, { moveToMainThreshold: 1 })],
  ['s3-fifo, small 20% (sweep)', (cap) => createS3FifoTier(cap, { smallShare: 0.2 })],
  ['s3-fifo, small 5% (sweep)', (cap) => createS3FifoTier(cap, { smallShare: 0.05 })],
  ['s3-fifo, ghost 2x (sweep)', (cap) => createS3FifoTier(cap, { ghostShare: 2 })],
  ['s3-fifo, ghost 4x (sweep)', (cap) => createS3FifoTier(cap, { ghostShare: 4 })],
  ['w-tinylfu, window 20% (sweep)', (cap) => createWTinyLfuTier(cap, { mainShare: 0.8 })],
  ['w-tinylfu, window 50% (sweep)', (cap) => createWTinyLfuTier(cap, { mainShare: 0.5 })],
];
const rows = process.argv.includes('--sweep') ? [...defaults, ...sweep] : defaults;

/** Prints the table for `part`; capacities are `sizes` x `scale` TB. */
function report(label: string, chains: PrefixChains, scale = 1): void {
  const ideal = unbounded(chains);
  console.log(
    `\n${label}: ${chains.offsets.length - 1} requests, ${chains.blockCount} distinct ${blockTokens}-token blocks, unbounded hit rate ${pct(ideal)} (90% of it: ${pct(0.9 * ideal)})${scale === 1 ? '' : `; tier sizes x ${scale.toFixed(3)} (the same share of the distinct blocks as the whole trace's)`}`,
  );
  console.log(
    `| policy | ${sizes.map((s) => `${s} TB`).join(' | ')} | chain cuts at ${sizes[0]} TB |`,
  );
  console.log(`|---|${sizes.map(() => '---|').join('')}---|`);
  for (const [name, make] of rows) {
    const results = sizes.map((tb) =>
      serveTier(chains, make(Math.floor((tb * scale * tokensPerTb) / blockTokens))),
    );
    console.log(
      `| ${name} | ${results.map((r) => pct(r.hit)).join(' | ')} | ${pct(results[0]?.stranded ?? 0)} |`,
    );
  }
}

const whole = buildPrefixChains(requests, blockTokens);
report('Mooncake synthetic, whole trace', whole);
if (process.argv.includes('--halves')) {
  const half = Math.floor(requests.length / 2);
  for (const [label, part] of [
    ['first half', requests.slice(0, half)],
    ['second half', requests.slice(half)],
  ] as const) {
    const chains = buildPrefixChains(part, blockTokens);
    report(label, chains, chains.blockCount / whole.blockCount);
  }
}
