/**
 * Where the five-application workload (apps5, issue 13) is bound at saturation: for each policy,
 * in the window while requests queue (first arrival to last admission), what stops admission (KV
 * memory, token budget, max_num_seqs; weighted by queued request-seconds), how the GPU time splits
 * into decode-only steps and what prefill adds, the decodes per step, the prefix hit rate, and the
 * bound on throughput if every prefill were free (output tokens / decode-only seconds). Ratios are
 * against vllm-fcfs in the same run.
 *
 *   npx tsx scripts/study-apps5-bottleneck.ts [--rate 400] [--requests 6000] [--policies a,b]
 *     [--kv-tokens N] [--max-seqs N] [--cost-model default|roofline|blackbox]
 *
 * Also over the whole run: the loaded GPU seconds (steps with a prefill or at least 8 decodes: the
 * drain tail left out) and decode tokens per loaded second (the engine's work rate for the same
 * requests, which no admission order can raise when prefill work and decode batch are already at
 * their bounds), and the largest prefix hit rate any order can reach on this trace (every request's
 * application system prompt cached, block-aligned).
 *
 * Also the decode attention spent re-reading the applications' system prompts, and what a
 * shared-prefix attention kernel would save (the cost model charges every decode its whole context,
 * system prompt included): `multi-prefix` (FlashInfer cascade / Hydragen style: each distinct
 * prefix in the step's decode batch is read once) and `single-prefix` (vLLM V1 cascade attention:
 * only when every decode of the step shares one prefix). The saving is `k_da` (KV bytes per token /
 * (HBM · 0.7), the cost model's decode-attention term) times the prefix tokens not re-read; "loaded
 * s" minus it is the work with such a kernel (first order: the steps themselves are not re-planned).
 *
 * How: the policy is wrapped (same plans) to classify each plan that leaves requests queued, as in
 * scripts/study-e1-bottleneck.ts; the cost model is wrapped (scripts/lib/e1-study.ts) to split each
 * step into its decode-only part and the rest.
 */
import type { EngineView, StepPlan } from '../src/core/step-plan.js';
import type { BatchPolicy, BatchPolicyFactory } from '../src/policies/batch/batch-policy.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';
import { createEngineProfile } from '../src/sim/cost/engine-profiles.js';
import { gpuSpecs } from '../src/sim/cost/hardware-specs.js';
import { kvBytesPerToken, modelSpecs } from '../src/sim/cost/model-specs.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { flag, observeSteps, registerStudyPolicy } from './lib/e1-study.js';

const rate = Number(flag('--rate', '400'));
const count = Number(flag('--requests', '6000'));
const policies = flag('--policies', 'vllm-fcfs,sglang-lpm,predicted-cost,group-eps').split(',');
const kvTokens = Number(flag('--kv-tokens', '0'));
const maxSeqs = Number(flag('--max-seqs', '0'));
const costModel = flag('--cost-model', 'default');
const requests = readTrace('synthetic:apps5', { rate, requests: count, seed: 1 });

interface Step {
  readonly now: number;
  readonly seconds: number;
  readonly prefill: number;
  readonly decodes: number;
  readonly prefillTokens: number;
  readonly queued: number;
  readonly cause: 'memory' | 'budget' | 'maxSeqs' | 'none';
}

interface PlanFacts {
  now: number;
  queued: number;
  cause: Step['cause'];
  /** Σ over the plan's decodes of their application's system prompt (cached prefix) tokens. */
  sharedRead: number;
  /** Σ over the distinct applications among the decodes of their system prompt tokens. */
  sharedDistinct: number;
  /** Distinct applications among the decodes. */
  groups: number;
}

/** System prompt tokens of each application (its prefix hashes are the system prompt's blocks). */
const systemTokens = new Map<string, number>();

function wrap(inner: BatchPolicy, plans: PlanFacts[]): BatchPolicy {
  return {
    ...inner,
    plan(view: EngineView): StepPlan {
      const plan = inner.plan(view);
      const scheduled = new Set(plan.scheduled.map((s) => s.id));
      let queued = 0;
      for (const seq of view.requests)
        if (seq.state !== 'running' && !scheduled.has(seq.id)) queued++;
      const used = plan.scheduled.reduce((sum, s) => sum + s.tokens, 0);
      const byId = new Map(view.requests.map((seq) => [seq.id, seq]));
      let sharedRead = 0;
      const distinct = new Set<string>();
      for (const s of plan.scheduled) {
        const seq = byId.get(s.id);
        if (seq === undefined || seq.prefillDone < seq.promptTokens) continue; // not a decode
        const g = seq.group ?? '';
        sharedRead += systemTokens.get(g) ?? 0;
        distinct.add(g);
      }
      let sharedDistinct = 0;
      for (const g of distinct) sharedDistinct += systemTokens.get(g) ?? 0;
      const budget = Math.min(view.limits.maxBatchedTokens, 2048); // the smaller of the two budgets in play
      plans.push({
        now: view.now,
        queued,
        cause:
          queued === 0
            ? 'none'
            : plan.scheduled.length >= view.limits.maxSeqs
              ? 'maxSeqs'
              : used >= budget && plan.preempt.length === 0
                ? 'budget'
                : 'memory',
        sharedRead,
        sharedDistinct,
        groups: distinct.size,
      });
      return plan;
    },
  };
}

const base = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100', costModel });
const spec = modelSpecs['llama-3-8b'];
/** The cost model's decode attention seconds per KV token read (shared-step-terms.ts: k_da). */
const kDecode = kvBytesPerToken(spec, spec.tp) / (gpuSpecs.h100.hbmBytesPerSecond * 0.7);
for (const r of requests) {
  const g = r.group ?? '';
  systemTokens.set(g, Math.max(systemTokens.get(g) ?? 0, (r.prefixHashes?.length ?? 0) * 16));
}
console.log(`system prompt tokens: ${[...systemTokens].map(([g, t]) => `${g} ${t}`).join(', ')}`);
// the largest hit any order reaches: a request hits at most its leading blocks shared with an
// earlier request (its application's system prompt), whole 16-token blocks, never its last token
{
  const seen = new Set<string>();
  let hit = 0;
  let prompt = 0;
  for (const r of requests) {
    const hashes = r.prefixHashes ?? [];
    let k = 0;
    while (k < hashes.length && seen.has(hashes.slice(0, k + 1).join('/'))) k++;
    for (let i = 1; i <= hashes.length; i++) seen.add(hashes.slice(0, i).join('/'));
    hit += Math.min(k * 16, Math.floor((r.promptTokens - 1) / 16) * 16);
    prompt += r.promptTokens;
  }
  console.log(`largest possible prefix hit rate: ${((100 * hit) / prompt).toFixed(1)}%`);
}
const f = (x: number, d = 2): string => x.toFixed(d);
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
console.log(
  `apps5, ${count} requests at ${rate} req/s, llama-3-8b/h100, cost model ${costModel}${kvTokens ? `, KV ${kvTokens} tokens` : ''}${maxSeqs ? `, max_num_seqs ${maxSeqs}` : ''}`,
);
console.log(
  '| policy | window s | out tok/s in window | x fcfs | stop: KV | budget | max seqs | decode-only s | prefill adds s | prefill share | decodes/step | prefill tok/step | hit | tok/s if prefill free | x fcfs | loaded s | decode tok / loaded s | x fcfs |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const cascade: string[] = [];
let fcfsRate = 0;
let fcfsWork = 0;
for (const name of policies) {
  const plans: PlanFacts[] = [];
  const steps: {
    plan: number;
    seconds: number;
    prefill: number;
    decodes: number;
    prefillTokens: number;
  }[] = [];
  const factory: BatchPolicyFactory = {
    name: `study:${name}`,
    summary: 'study wrapper',
    create: (options) => wrap(resolveBatchPolicy(name, options), plans),
  };
  const policy = registerStudyPolicy(name, factory);
  const profile = observeSteps(base, (batch, seconds, prefill) => {
    steps.push({
      plan: plans.length - 1, // the step executes the latest plan
      seconds,
      prefill,
      decodes: batch.decodeSeqs,
      prefillTokens: batch.prefillTokens,
    });
  });
  const predictive = name === 'group-eps' || name === 'predicted-cost';
  const { summary, records } = runSimulation({
    requests,
    policy,
    profile,
    gpu: 'h100',
    model: 'llama-3-8b',
    seed: 1,
    keepTokenTimes: true,
    ...(predictive ? { predictor: 'oracle' } : {}),
    limits: {
      ...(kvTokens
        ? { totalBlocks: kvTokens / 16, watermarkBlocks: Math.floor(kvTokens / 1600) }
        : {}),
      ...(maxSeqs ? { maxSeqs } : {}),
    },
  });
  const first = Math.min(...records.map((r) => r.arrivalTime));
  const last = Math.max(...records.map((r) => r.firstScheduledTime ?? 0));
  let out = 0;
  for (const r of records) for (const t of r.tokenTimes ?? []) if (t <= last) out++;
  let decodeOnly = 0;
  let prefillAdds = 0;
  let decodes = 0;
  let prefillTokens = 0;
  let n = 0;
  const causes = { memory: 0, budget: 0, maxSeqs: 0, none: 0 };
  const perPlan = new Map<number, number>();
  for (const s of steps) {
    const p = plans[s.plan] as (typeof plans)[number];
    perPlan.set(s.plan, (perPlan.get(s.plan) ?? 0) + 1);
    if (p.now > last) break;
    causes[p.cause] += s.seconds * p.queued;
    decodeOnly += s.seconds - s.prefill;
    prefillAdds += s.prefill;
    decodes += s.decodes;
    prefillTokens += s.prefillTokens;
    n++;
  }
  // the work rate over the whole run, without the drain tail (steps with fewer than 8 decodes and
  // no prefill: apps5's last minute is one 8,036-token answer decoding alone under every policy)
  let busy = 0;
  let decoded = 0;
  let sharedSeconds = 0;
  let multiSaves = 0;
  let singleSaves = 0;
  let singleSteps = 0;
  let groupSum = 0;
  let loadedSteps = 0;
  for (const s of steps) {
    if (s.decodes < 8 && s.prefillTokens === 0) continue;
    busy += s.seconds;
    decoded += s.decodes;
    const p = plans[s.plan] as PlanFacts;
    sharedSeconds += kDecode * p.sharedRead;
    multiSaves += kDecode * (p.sharedRead - p.sharedDistinct);
    if (p.groups === 1) {
      singleSaves += kDecode * (p.sharedRead - p.sharedDistinct);
      singleSteps++;
    }
    groupSum += p.groups;
    loadedSteps++;
  }
  cascade.push(
    `| ${name} | ${f(busy, 1)} | ${f(sharedSeconds, 1)} | ${pct(sharedSeconds / busy)} | ${f(groupSum / loadedSteps, 2)} | ${pct(singleSteps / loadedSteps)} | ${f(busy - multiSaves, 1)} | ${f(decoded / (busy - multiSaves), 0)} | ${f(busy - singleSaves, 1)} | ${f(decoded / (busy - singleSaves), 0)} |`,
  );
  const work = decoded / busy;
  if (name === 'vllm-fcfs') fcfsWork = work;
  const extra = [...perPlan.values()].filter((c) => c > 1).length;
  if (extra > 0) console.error(`${name}: ${extra} plans with more than one cost call`);
  const window = last - first;
  const tokRate = out / window;
  if (name === 'vllm-fcfs') fcfsRate = tokRate;
  const stop = causes.memory + causes.budget + causes.maxSeqs || 1;
  const free = out / decodeOnly;
  console.log(
    `| ${name} | ${f(window, 1)} | ${f(tokRate, 0)} | ${f(tokRate / fcfsRate, 3)} | ${pct(causes.memory / stop)} | ${pct(causes.budget / stop)} | ${pct(causes.maxSeqs / stop)} | ${f(decodeOnly, 1)} | ${f(prefillAdds, 1)} | ${pct(prefillAdds / (decodeOnly + prefillAdds))} | ${f(decodes / n, 0)} | ${f(prefillTokens / n, 0)} | ${pct(summary.prefixHitRate)} | ${f(free, 0)} | ${f(free / fcfsRate, 3)} | ${f(busy, 1)} | ${f(work, 0)} | ${f(work / fcfsWork, 3)} |`,
  );
}
console.log('');
console.log(
  'Decode attention on the system prompts (loaded steps) and a shared-prefix kernel (first order):',
);
console.log(
  '| policy | loaded s | system-prompt decode attention s | share | apps among decodes / step | single-app steps | loaded s, multi-prefix kernel | decode tok / s | loaded s, single-prefix (vLLM cascade) | decode tok / s |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const line of cascade) console.log(line);
