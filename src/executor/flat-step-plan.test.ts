/**
 * The executor core applies a plan's flat form (StepPlan.scheduledSeqs / scheduledTokens) exactly
 * as its `scheduled` list: runs whose planners answer FlatStepPlans (with dropped entries, and an
 * entry that is a copy of a view's request, found by id) give the same records and summary as the
 * same planners answering plain plans, through admissions, recompute and swap preemptions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { overloadTrace } from '../../test/helpers/overload-trace.js';
import { FlatStepPlan } from '../core/flat-step-plan.js';
import { requestId } from '../core/ids.js';
import type { EngineView, PreemptMode, SeqView, StepPlan } from '../core/step-plan.js';
import type { BatchPolicy, BatchPolicyFactory } from '../policies/batch/batch-policy.js';
import { batchPolicies } from '../policies/batch/registry.js';
import { runSimulation } from '../sim/run-simulation.js';

let flatPlans = 0;

/** The policy's plans in flat form: a hole before every entry, every third entry a copy. */
function flattened(policy: BatchPolicy): BatchPolicy {
  const wrapped = Object.create(policy) as BatchPolicy & { plan: BatchPolicy['plan'] };
  let copies = 0;
  wrapped.plan = (view: EngineView): StepPlan => {
    const plan = policy.plan(view);
    const byId = new Map(view.requests.map((s) => [s.id, s]));
    const seqs: (SeqView | undefined)[] = [];
    const counts: number[] = [];
    for (const entry of plan.scheduled) {
      const seq = byId.get(entry.id);
      seqs.push(undefined, copies++ % 3 === 0 && seq ? { ...seq } : seq);
      counts.push(0, entry.tokens);
    }
    flatPlans++;
    return new FlatStepPlan(seqs, counts, plan.preempt);
  };
  return wrapped;
}

const factories = batchPolicies as unknown as Record<string, BatchPolicyFactory>;
const originals = new Map<string, BatchPolicyFactory['create']>();
afterEach(() => {
  for (const [name, create] of originals) (factories[name] as BatchPolicyFactory).create = create;
  originals.clear();
});

function run(policy: string, preemptMode: PreemptMode, flat: boolean): string {
  const factory = factories[policy] as BatchPolicyFactory;
  if (flat) {
    const create = factory.create;
    originals.set(policy, create);
    factory.create = (options) => flattened(create.call(factory, options));
  }
  const result = runSimulation({
    requests: overloadTrace(300, 11, { idPrefix: 'f' }),
    policy,
    preemptMode,
    fastForward: false,
    limits: { totalBlocks: 400, watermarkBlocks: 4 },
  });
  expect(result.summary.preemptions).toBeGreaterThan(0);
  if (flat) expect(flatPlans).toBeGreaterThan(100);
  flatPlans = 0;
  return JSON.stringify([result.summary, result.records]);
}

describe('StepPlan flat form', () => {
  const cases: [string, PreemptMode][] = [
    ['vllm-fcfs', 'recompute'],
    ['vllm-fcfs', 'swap'],
    ['trail', 'recompute'],
  ];
  for (const [policy, mode] of cases) {
    it(`${policy} (${mode}): same records as the {id, tokens} plan`, () => {
      const plain = run(policy, mode, false);
      expect(run(policy, mode, true)).toBe(plain);
    });
  }

  it('builds `scheduled` from the arrays, skipping holes', () => {
    const a = { id: requestId('a') } as SeqView;
    const b = { id: requestId('b') } as SeqView;
    const plan = new FlatStepPlan([a, undefined, b], [1, 5, 512], []);
    expect(plan.scheduled).toEqual([
      { id: 'a', tokens: 1 },
      { id: 'b', tokens: 512 },
    ]);
    expect(plan.scheduled).toBe(plan.scheduled);
  });
});
