/**
 * The running-first planners keep their last step's order between calls (running-order.ts) and
 * rank-batch computes closed-form ranks without `rank` (issue 8, speed): every plan must be the
 * one a fresh policy instance (no history) gives for the same view, and the same whether or not the
 * view carries the executor's partitions (`running`, `queued`, `preempted`) and `denseLimit`
 * (planners use them when given: running order by numbers computed once per request), and the
 * same whether or not the views promise `queuedFieldsStable` (the simulator's do: keyed planners
 * then keep queued requests' keys between plans, sorted-queue.ts). Replays an overloaded trace
 * through the simulator and re-plans every view with fresh instances, with and without the
 * partitions, and with one kept instance that sees every view without the promise: same plan,
 * every step.
 */
import { describe, expect, it } from 'vitest';
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { createRng } from '../../core/rng.js';
import type { EngineView, SeqView, StepPlan } from '../../core/step-plan.js';
import { seconds, tokens } from '../../core/units.js';
import { runSimulation, type SimulationOptions } from '../../sim/run-simulation.js';
import type { BatchPolicyOptions } from './batch-policy.js';
import { resolveBatchPolicy } from './registry.js';

/** An overloaded trace of `count` requests (seeded; `shared`: prompts share prefixes). */
function overloadTrace(count: number, seed: number, shared: boolean): SchedRequest[] {
  const rng = createRng(seed);
  let t = 0;
  return Array.from({ length: count }, (_, i) => {
    t += -Math.log(1 - rng.next()) / 60;
    const group = Math.floor(rng.next() * 4);
    const prompt = 32 + Math.floor(rng.next() * 900);
    return {
      id: requestId(`q${i}`),
      arrivalTime: seconds(t),
      promptTokens: tokens(shared ? 256 + prompt : prompt),
      outputTokens: tokens(1 + Math.floor(-Math.log(1 - rng.next()) * 120)),
      ...(shared ? { prefixHashes: Array.from({ length: 16 }, (_, k) => `sys${group}-${k}`) } : {}),
    };
  });
}

/** What a plan asks for (a flat plan's arrays hold SeqView objects and holes: compare entries). */
function entries(plan: StepPlan): unknown {
  return { scheduled: plan.scheduled, preempt: plan.preempt };
}

interface Case {
  readonly policy: string;
  readonly options?: BatchPolicyOptions;
  readonly run?: Partial<SimulationOptions>;
}

const cases: readonly Case[] = [
  { policy: 'predicted-cost' },
  {
    policy: 'predicted-cost',
    options: { preemptMode: 'swap' },
    run: { predictor: 'noisy:lognormal:1' },
  },
  { policy: 'trail', run: { predictor: 'noisy:lognormal:1' } },
  { policy: 'trail', options: { params: { c: 1, recomputeCost: 0, stepTokens: 0 } } },
  { policy: 'sprpt' },
  { policy: 'sprpt', run: { refinePredictions: true, predictor: 'noisy:lognormal:1' } },
  { policy: 'spjf' },
  { policy: 'mlfq' },
  { policy: 'vllm-fcfs' },
  { policy: 'vllm-fcfs', options: { preemptMode: 'swap' } },
  { policy: 'vllm-priority' },
];
// gittins is left out: its own per-instance piece memo makes a fresh instance's ranks differ by
// rounding (documented in gittins.ts), with or without the planner's order.

describe("planners: the plan with history = a fresh instance's, with or without partitions", () => {
  for (const c of cases) {
    const label = `${c.policy} ${JSON.stringify({ ...c.options, ...c.run })}`;
    it(label, () => {
      for (const shared of [false, true]) {
        const keptUnflagged = resolveBatchPolicy(c.policy, c.options);
        let plans = 0;
        let admitted = 0;
        runSimulation({
          requests: overloadTrace(300, 3, shared),
          policy: c.policy,
          seed: 1,
          limits: { totalBlocks: 2_000 },
          ...(c.options ? { policyOptions: c.options } : {}),
          ...(c.options?.preemptMode ? { preemptMode: c.options.preemptMode } : {}),
          ...c.run,
          onPlan: (_replica: number, view: EngineView, plan: StepPlan) => {
            const fresh = resolveBatchPolicy(c.policy, c.options).plan(view);
            const { running: _r, queued: _q, preempted: _p, denseLimit: _d, ...bare } = view;
            const unpartitioned = resolveBatchPolicy(c.policy, c.options).plan(bare);
            const { queuedFieldsStable: _s, ...unflagged } = view;
            const kept = keptUnflagged.plan(unflagged);
            plans++;
            admitted += plan.scheduled.filter(
              (s) => view.requests.find((seq: SeqView) => seq.id === s.id)?.state !== 'running',
            ).length;
            const want = entries(plan);
            for (const other of [fresh, unpartitioned, kept]) {
              const got = entries(other);
              if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
            }
          },
        });
        expect(plans).toBeGreaterThan(100);
        expect(admitted).toBeGreaterThan(0);
      }
    });
  }
});
