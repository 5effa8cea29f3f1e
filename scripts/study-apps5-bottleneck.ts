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
 * How: the policy is wrapped (same plans) to classify each plan that leaves requests queued, as in
 * scripts/study-e1-bottleneck.ts; the cost model is wrapped (scripts/lib/e1-study.ts) to split each
 * step into its decode-only part and the rest.
 */
import type { EngineView, StepPlan } from '../src/core/step-plan.js';
import type { BatchPolicy, BatchPolicyFactory } from '../src/policies/batch/batch-policy.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';
import { createEngineProfile } from '../src/sim/cost/engine-profiles.js';
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

function wrap(
  inner: BatchPolicy,
  plans: { now: number; queued: number; cause: Step['cause'] }[],
): BatchPolicy {
  return {
    ...inner,
    plan(view: EngineView): StepPlan {
      const plan = inner.plan(view);
      const scheduled = new Set(plan.scheduled.map((s) => s.id));
      let queued = 0;
      for (const seq of view.requests)
        if (seq.state !== 'running' && !scheduled.has(seq.id)) queued++;
      const used = plan.scheduled.reduce((sum, s) => sum + s.tokens, 0);
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
      });
      return plan;
    },
  };
}

const base = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100', costModel });
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
let fcfsRate = 0;
let fcfsWork = 0;
for (const name of policies) {
  const plans: { now: number; queued: number; cause: Step['cause'] }[] = [];
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
  for (const s of steps) {
    if (s.decodes < 8 && s.prefillTokens === 0) continue;
    busy += s.seconds;
    decoded += s.decodes;
  }
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
