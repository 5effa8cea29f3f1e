/**
 * The E1 bottleneck study (issue 8): on the Azure 2023 conversation trace (llama-3-8b, h100), for
 * each policy, what stops admission (KV memory, token budget, max_num_seqs) weighted by queued
 * request-seconds, the prefill share of GPU time, TPOT, preemptions, and the queue-delay tail
 * (starvation). Every ratio is against vllm-fcfs in the same run.
 *
 *   npx tsx scripts/study-e1-bottleneck.ts [--rate-scales 3.5,4] [--predictor oracle] [--policies a,b]
 *
 * How: the policy is wrapped (same plans) to classify, after each plan that leaves requests
 * queued, why admission stopped: max_num_seqs reached, token budget spent, else KV memory (the
 * next request did not fit, or the plan preempted). The cost model is wrapped to split each
 * step's time into its decode-only part and the rest (prefill).
 */
import type { EngineView, StepPlan } from '../src/core/step-plan.js';
import type { BatchPolicy, BatchPolicyFactory } from '../src/policies/batch/batch-policy.js';
import { resolveBatchPolicy } from '../src/policies/batch/registry.js';
import { createEngineProfile } from '../src/sim/cost/engine-profiles.js';
import { runSimulation } from '../src/sim/run-simulation.js';
import { readTrace } from '../src/workloads/read-trace.js';
import { azureTrace, flag, observeSteps, registerStudyPolicy } from './lib/e1-study.js';

const tracePath = azureTrace();
const scales = flag('--rate-scales', '3.5,4').split(',').map(Number);
const predictor = flag('--predictor', 'oracle');
const policies = flag('--policies', 'vllm-fcfs,spjf,sprpt+df,trail,predicted-cost').split(',');

interface Causes {
  memory: number;
  budget: number;
  maxSeqs: number;
  lastNow: number;
  lastQueued: number;
  lastCause: 'memory' | 'budget' | 'maxSeqs' | 'none';
}

function wrap(inner: BatchPolicy, causes: Causes): BatchPolicy {
  return {
    name: inner.name,
    ...(inner.needs ? { needs: inner.needs } : {}),
    ...(inner.decodeStable !== undefined ? { decodeStable: inner.decodeStable } : {}),
    plan(view: EngineView): StepPlan {
      const dt = view.now - causes.lastNow;
      if (causes.lastCause !== 'none' && dt > 0) causes[causes.lastCause] += dt * causes.lastQueued;
      const plan = inner.plan(view);
      const scheduled = new Set(plan.scheduled.map((s) => s.id));
      let queued = 0;
      for (const seq of view.requests)
        if (seq.state !== 'running' && !scheduled.has(seq.id)) queued++;
      const used = plan.scheduled.reduce((sum, s) => sum + s.tokens, 0);
      causes.lastNow = view.now;
      causes.lastQueued = queued;
      causes.lastCause =
        queued === 0
          ? 'none'
          : plan.scheduled.length >= view.limits.maxSeqs
            ? 'maxSeqs'
            : used >= view.limits.maxBatchedTokens && plan.preempt.length === 0
              ? 'budget'
              : 'memory';
      return plan;
    },
  };
}

const base = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100' });
const pct = (x: number): string => `${(x * 100).toFixed(0)}%`;
for (const scale of scales) {
  const requests = readTrace(tracePath, { seed: 1, rateScale: scale });
  console.log(`\n## rate-scale ${scale}, predictor ${predictor}`);
  console.log(
    '| policy | mean E2E | p99 E2E | TPOT | preempt | stop: KV | budget | max seqs | prefill share | queue p99 | queue max |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  let fcfs: { mean: number; p99: number } | undefined;
  for (const name of policies) {
    const decodesFirst = name.endsWith('+df');
    const inner = name.replace(/\+df$/, '');
    const causes: Causes = {
      memory: 0,
      budget: 0,
      maxSeqs: 0,
      lastNow: 0,
      lastQueued: 0,
      lastCause: 'none',
    };
    const factory: BatchPolicyFactory = {
      name: `study:${name}`,
      summary: 'study wrapper',
      create: (options) => wrap(resolveBatchPolicy(inner, { ...options, decodesFirst }), causes),
    };
    const policy = registerStudyPolicy(name, factory);
    let prefill = 0;
    let total = 0;
    const profile = observeSteps(base, (_batch, t, prefillPart) => {
      total += t;
      prefill += prefillPart;
    });
    const { summary, records } = runSimulation({
      requests,
      policy,
      profile,
      gpu: 'h100',
      model: 'llama-3-8b',
      seed: 1,
      ...(name === 'vllm-fcfs' ? {} : { predictor }),
    });
    const waits = records
      .filter((r) => r.firstScheduledTime !== undefined)
      .map((r) => (r.firstScheduledTime as number) - r.arrivalTime)
      .sort((a, b) => a - b);
    const q = (p: number): number =>
      waits[Math.min(waits.length - 1, Math.floor(p * waits.length))] ?? 0;
    const stopTotal = causes.memory + causes.budget + causes.maxSeqs || 1;
    if (name === 'vllm-fcfs') fcfs = { mean: summary.e2e.mean, p99: summary.e2e.p99 };
    const r = (x: number, b: number | undefined): string => (b ? ` (${(x / b).toFixed(2)}x)` : '');
    console.log(
      `| ${name} | ${summary.e2e.mean.toFixed(1)}${r(summary.e2e.mean, fcfs?.mean)} | ${summary.e2e.p99.toFixed(1)}${r(summary.e2e.p99, fcfs?.p99)} | ${summary.tpot.mean.toFixed(3)} | ${summary.preemptions} | ${pct(causes.memory / stopTotal)} | ${pct(causes.budget / stopTotal)} | ${pct(causes.maxSeqs / stopTotal)} | ${pct(prefill / total)} | ${q(0.99).toFixed(0)} s | ${(waits.at(-1) ?? 0).toFixed(0)} s |`,
    );
  }
}
