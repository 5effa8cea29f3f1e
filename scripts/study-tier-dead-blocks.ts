/**
 * Why the 1 TB host tier misses the Mooncake target (issue 13): a trace-level study of which
 * blocks an eviction policy must drop. Every policy here is an LRU over queues with strict
 * priority (the lowest queue non-empty is evicted first, oldest block first; a request refreshes
 * its chain deepest block first, so a prefix is shortened from its end); only the queue a block is
 * put in on each read differs:
 *
 * - `lru`: one queue (layered LRU);
 * - `reads`: read once so far / read again (a count per key kept forever, so a block recomputed
 *   after its eviction counts as read again: slru-ghost without its protected cap);
 * - `reads + learned class`: a block read once whose class (log2 of its prompt's blocks, last
 *   block of the prompt or not) has so far been read again less often than read-once blocks on
 *   average goes to a third, lowest queue (a dead-block predictor learned online, as SHiP's
 *   signatures are; the rates are updated as the trace is read);
 * - `reads + tuned class`: the same with the rule fitted on this trace after the fact (last block
 *   of its prompt, or a prompt under 48 blocks = 24,576 tokens): an upper reference, not a policy;
 * - `oracle dead`: a block that no later request reads goes to the lowest queue (offline).
 *
 * Hit rate = hit prompt tokens / prompt tokens (whole 16-token hashes, as `llmsched cache`);
 * capacity in tokens of llama-3-8b KV (131,072 B per token in fp16; 1 TB = 1e12 B).
 *
 *   npx tsx scripts/study-tier-dead-blocks.ts [--tb 1,1.2]
 */
import { buildPrefixChains, type PrefixChains } from '../src/sim/cache/prefix-chains.js';
import { tierStudySetup } from './lib/tier-study.js';

const { requests, tokensPerTb, sizes } = tierStudySetup();
const chains = buildPrefixChains(requests, 512);

type Rule = 'lru' | 'reads' | 'learned' | 'tuned' | 'oracle';
const rules: readonly [Rule, string][] = [
  ['lru', 'lru (one queue)'],
  ['reads', 'reads (read once / again)'],
  ['learned', 'reads + learned class (online)'],
  ['tuned', 'reads + tuned class (fitted on this trace)'],
  ['oracle', 'oracle dead (offline)'],
];

/** Hit rate of one queue rule at `capacity` tokens. */
function run(c: PrefixChains, rule: Rule, capacity: number): number {
  const queues = [new Map<number, number>(), new Map<number, number>(), new Map<number, number>()];
  const at = new Int8Array(c.blockCount).fill(-1);
  const reads = new Int32Array(c.blockCount);
  const tokens = new Float64Array(c.blockCount);
  // learned classes: key = 2 * log2(prompt blocks) + last; rates of read-once blocks read again
  const klass = new Int32Array(c.blockCount).fill(-1);
  const given = new Float64Array(64);
  const again = new Float64Array(64);
  let givenAll = 0;
  let againAll = 0;
  let used = 0;
  let hit = 0;
  const n = c.offsets.length - 1;
  for (let i = 0; i < n; i++) {
    const from = c.offsets[i] as number;
    const to = c.offsets[i + 1] as number;
    let r = from;
    while (r < to && (at[c.blocks[r] as number] as number) >= 0) hit += c.refTokens[r++] as number;
    const length = to - from;
    for (let ref = to - 1; ref >= from; ref--) {
      const b = c.blocks[ref] as number;
      const before = reads[b] as number;
      if (before === 1 && (klass[b] as number) >= 0) {
        const k = klass[b] as number;
        again[k] = (again[k] as number) + 1;
        againAll++;
      }
      const count = before + 1;
      reads[b] = count;
      const last = ref === to - 1;
      if (count === 1) {
        const k = 2 * Math.floor(Math.log2(length)) + (last ? 1 : 0);
        klass[b] = k;
        given[k] = (given[k] as number) + 1;
        givenAll++;
      }
      let q = 1;
      if (rule === 'lru') q = 1;
      else if (rule === 'oracle') q = Number.isFinite(c.nextUse[ref] as number) ? 1 : 0;
      else if (count > 1) q = 2;
      else if (rule === 'tuned') q = last || length < 48 ? 0 : 1;
      else if (rule === 'learned') {
        const k = klass[b] as number;
        const rate = ((again[k] as number) + 1) / ((given[k] as number) + 2);
        q = rate < (againAll + 1) / (givenAll + 2) ? 0 : 1;
      }
      const was = at[b] as number;
      if (was >= 0) (queues[was] as Map<number, number>).delete(b);
      else {
        tokens[b] = c.refTokens[ref] as number;
        used += c.refTokens[ref] as number;
      }
      (queues[q] as Map<number, number>).set(b, 0);
      at[b] = q;
    }
    while (used > capacity) {
      const queue = queues.find((m) => m.size > 0) as Map<number, number>;
      const victim = queue.keys().next().value as number;
      queue.delete(victim);
      at[victim] = -1;
      used -= tokens[victim] as number;
    }
  }
  return hit / c.totalPromptTokens;
}

let unbounded = 0;
{
  const seen = new Uint8Array(chains.blockCount);
  for (let i = 0; i + 1 < chains.offsets.length; i++) {
    let r = chains.offsets[i] as number;
    const to = chains.offsets[i + 1] as number;
    while (r < to && seen[chains.blocks[r] as number] === 1)
      unbounded += chains.refTokens[r++] as number;
    for (let k = chains.offsets[i] as number; k < to; k++) seen[chains.blocks[k] as number] = 1;
  }
}
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
console.log(
  `Mooncake synthetic, trace level: ${chains.offsets.length - 1} requests, ${chains.blockCount} distinct 512-token blocks, unbounded hit rate ${pct(unbounded / chains.totalPromptTokens)} (target 90% of it: ${pct((0.9 * unbounded) / chains.totalPromptTokens)})`,
);
console.log(`| rule | ${sizes.map((s) => `${s} TB`).join(' | ')} |`);
console.log(`|---|${sizes.map(() => '---|').join('')}`);
for (const [rule, label] of rules) {
  const cells = sizes.map((tb) => pct(run(chains, rule, tb * tokensPerTb)));
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
