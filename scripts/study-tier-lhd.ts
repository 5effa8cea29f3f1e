/**
 * LHD, least hit density (Beckmann, Chen, Cidon, NSDI 2018), as the host tier at trace level (issue
 * 13; thirteenth session): the only prefix cache of the Mooncake synthetic trace's requests in
 * arrival order, as scripts/study-tier-policies.ts serves the registered tier policies, beside
 * `slru-ghost` (the best of those) on the same chains. Not a registered policy: it lost (docs/results.md).
 *
 * LHD ranks a cached block by its class's hit density at its age: expected hits over expected
 * remaining lifetime in the cache, from counters of references and evictions by age (in requests,
 * coarsened by `--coarse`), recomputed every `--period` requests with the counters decayed by
 * `--decay` (the authors' EWMA); it evicts the lowest of `--sample` random candidates. Classes
 * (`--classes`): `refs` (1, 2, 3, 4+ references to the key so far, kept across evictions as
 * slru-ghost's ghost bit is), `refs-last` (the same, split by whether the block ended the chain of
 * its last request) or `none`. Adapted to prefix chains: candidates are leaves only (no cached child:
 * evicting inside a chain would strand its tail), drawn from a leaf set; a request's missing blocks
 * enter head first. Before the first recomputation the density is 1 / (age + 1) (LRU).
 *
 *   npx tsx scripts/study-tier-lhd.ts [--tb 1,1.2] [--classes refs|refs-last|none] [--coarse 8]
 *     [--sample 64] [--period 500] [--decay 0.9]
 */
import { buildPrefixChains } from '../src/sim/cache/prefix-chains.js';
import { createPrefixTier } from '../src/sim/kv/prefix-tier.js';
import { flag } from './lib/e1-study.js';
import { serveTier, tierStudySetup } from './lib/tier-study.js';

const { requests, tokensPerTb, sizes } = tierStudySetup();
const blockTokens = 16;
const c = buildPrefixChains(requests, blockTokens);
const B = c.blockCount;
const parent = new Int32Array(B).fill(-1);
for (let i = 0; i + 1 < c.offsets.length; i++) {
  const from = c.offsets[i] as number;
  const to = c.offsets[i + 1] as number;
  for (let k = from + 1; k < to; k++) parent[c.blocks[k] as number] = c.blocks[k - 1] as number;
}
console.log(`${c.offsets.length - 1} requests, ${B} blocks`);

const coarse = Number(flag('--coarse', '8'));
const maxAge = 8192;
const classMode = flag('--classes', 'refs');
const sample = Number(flag('--sample', '64'));
const period = Number(flag('--period', '500'));
const decay = Number(flag('--decay', '0.9'));

function lhd(capacity: number): number {
  const resident = new Uint8Array(B);
  const lastRef = new Int32Array(B);
  const refs = new Uint8Array(B);
  const wasLast = new Uint8Array(B);
  const kids = new Int32Array(B);
  const pos = new Int32Array(B).fill(-1);
  const list = new Int32Array(capacity + 1);
  let size = 0;
  const leafPos = new Int32Array(B).fill(-1);
  const leaves = new Int32Array(capacity + 1);
  let nLeaves = 0;
  const addLeaf = (key: number): void => {
    leafPos[key] = nLeaves;
    leaves[nLeaves++] = key;
  };
  const dropLeaf = (key: number): void => {
    const p = leafPos[key] as number;
    if (p < 0) return;
    const last = leaves[--nLeaves] as number;
    leaves[p] = last;
    leafPos[last] = p;
    leafPos[key] = -1;
  };
  const nClasses = classMode === 'refs' ? 4 : classMode === 'refs-last' ? 8 : 1;
  const hits = Array.from({ length: nClasses }, () => new Float64Array(maxAge));
  const evs = Array.from({ length: nClasses }, () => new Float64Array(maxAge));
  const hd = Array.from({ length: nClasses }, () =>
    Float64Array.from({ length: maxAge }, (_, a) => 1 / (a + 1)),
  );
  const cls = (key: number): number => {
    const r = Math.min(refs[key] as number, 4) - 1;
    if (classMode === 'refs') return r;
    if (classMode === 'refs-last') return r * 2 + (wasLast[key] as number);
    return 0;
  };
  let t = 0;
  const age = (key: number): number =>
    Math.min(maxAge - 1, Math.floor((t - (lastRef[key] as number)) / coarse));
  const reconfigure = (): void => {
    for (let k = 0; k < nClasses; k++) {
      const h = hits[k] as Float64Array;
      const e = evs[k] as Float64Array;
      const d = hd[k] as Float64Array;
      let totalHits = 0;
      let totalEvents = 0;
      let lifetime = 0;
      for (let a = maxAge - 1; a >= 0; a--) {
        totalHits += h[a] as number;
        totalEvents += (h[a] as number) + (e[a] as number);
        lifetime += totalEvents;
        d[a] = lifetime > 1e-5 ? totalHits / lifetime : 0;
        h[a] = (h[a] as number) * decay;
        e[a] = (e[a] as number) * decay;
      }
    }
  };
  const remove = (key: number): void => {
    const p = pos[key] as number;
    const last = list[--size] as number;
    list[p] = last;
    pos[last] = p;
    pos[key] = -1;
    resident[key] = 0;
    dropLeaf(key);
    const up = parent[key] as number;
    if (up >= 0) {
      kids[up] = (kids[up] as number) - 1;
      if (kids[up] === 0 && resident[up] === 1) addLeaf(up);
    }
  };
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const evict = (): void => {
    let best = -1;
    let bestHd = Number.POSITIVE_INFINITY;
    let found = 0;
    for (let tries = 0; tries < 2048 && found < sample; tries++) {
      const key = leaves[rand(nLeaves)] as number;
      found++;
      const v = (hd[cls(key)] as Float64Array)[age(key)] as number;
      if (v < bestHd) {
        bestHd = v;
        best = key;
      }
    }
    if (best < 0) throw new Error('LHD: no cached leaf to evict');
    const e = evs[cls(best)] as Float64Array;
    e[age(best)] = (e[age(best)] as number) + 1;
    remove(best);
  };
  let hitTokens = 0;
  for (let i = 0; i + 1 < c.offsets.length; i++) {
    t = i;
    if (i > 0 && i % period === 0) reconfigure();
    const from = c.offsets[i] as number;
    const to = c.offsets[i + 1] as number;
    let r = from;
    while (r < to && resident[c.blocks[r] as number] === 1) hitTokens += c.refTokens[r++] as number;
    for (let k = from; k < to; k++) {
      const key = c.blocks[k] as number;
      const isLast = k === to - 1 ? 1 : 0;
      if (resident[key] === 1) {
        const h = hits[cls(key)] as Float64Array;
        h[age(key)] = (h[age(key)] as number) + 1;
        lastRef[key] = t;
        refs[key] = Math.min(250, (refs[key] as number) + 1);
        wasLast[key] = isLast;
        continue;
      }
      if (capacity === 0) continue;
      if (size >= capacity) evict();
      resident[key] = 1;
      pos[key] = size;
      list[size++] = key;
      lastRef[key] = t;
      refs[key] = Math.min(250, (refs[key] as number) + 1);
      wasLast[key] = isLast;
      addLeaf(key);
      const up = parent[key] as number;
      if (up >= 0) {
        if (kids[up] === 0) dropLeaf(up);
        kids[up] = (kids[up] as number) + 1;
      }
    }
  }
  return hitTokens / c.totalPromptTokens;
}

for (const tb of sizes) {
  const cap = Math.floor((tb * tokensPerTb) / blockTokens);
  const started = performance.now();
  const a = lhd(cap);
  const ms = performance.now() - started;
  console.log(
    `${tb} TB (${cap} blocks): lhd[${classMode}, coarse ${coarse}, sample ${sample}, period ${period}, decay ${decay}] ${(100 * a).toFixed(1)}% (${(ms / 1000).toFixed(1)} s); slru-ghost ${(100 * serveTier(c, createPrefixTier(cap, 'slru-ghost')).hit).toFixed(1)}%`,
  );
}
