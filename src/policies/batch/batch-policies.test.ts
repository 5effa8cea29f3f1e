/**
 * Tests of the batch planners on hand-built views: vllm-fcfs, vllm-priority, sarathi, sglang-lpm
 * (and its dfs-weight order), rank-batch (strict and running-first, decodesFirst), and the registry
 * that resolves batch policies before rank policies.
 */
import { describe, expect, it } from 'vitest';
import type { EngineLimits, EngineView, SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { batchPolicyNames, knownPolicyNames, resolveBatchPolicy } from './registry.js';
import { type SeqFields, seqView } from './seq-view.test-helper.js';
import { dfsWeightOrder } from './sglang-dfs-weight.js';

const limits: EngineLimits = {
  maxBatchedTokens: 8192,
  maxSeqs: 256,
  chunkCap: 0,
  blockSize: 16,
  totalBlocks: 100,
  watermarkBlocks: 1,
};

const seq = (index: number, fields: SeqFields = {}): SeqView =>
  seqView(index, { predictedSize: 10 + index, ...fields });

/** A running request decoding: prompt 32 + g generated, computed = 32 + g - 1, blocks held. */
function decoding(index: number, generated: number): SeqView {
  const computed = 32 + generated - 1;
  return seq(index, {
    state: 'running',
    prefillDone: 32,
    generated,
    computedTokens: computed,
    kvBlocks: Math.ceil(computed / 16),
  });
}

const view = (
  requests: SeqView[],
  freeBlocks: number,
  overrides: Partial<EngineLimits> = {},
): EngineView => ({
  now: seconds(100),
  requests,
  freeBlocks,
  limits: { ...limits, ...overrides },
  meanStepSeconds: seconds(0),
});

describe('vllm-fcfs', () => {
  const policy = resolveBatchPolicy('vllm-fcfs');

  it('admits waiting requests FCFS after the running ones, without skipping', () => {
    const plan = policy.plan(
      view([seq(3), decoding(0, 5), seq(1), seq(2, { promptTokens: 5000 })], 99),
    );
    // r2's 5000-token prompt needs 313 blocks > 99 free: admission stops there, r3 is not skipped to
    expect(plan.scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r0', 1],
      ['r1', 32],
    ]);
    expect(plan.preempt).toEqual([]);
  });

  it('on KV shortage preempts the latest-arrived running request and admits nobody', () => {
    // r0, r1, r2 each at a block boundary (computed 48 -> the next token needs a 4th block)
    const running = [0, 1, 2].map((i) => decoding(i, 17));
    const plan = policy.plan(view([...running, seq(3)], 1));
    expect(plan.preempt).toEqual([{ id: 'r2', mode: 'recompute' }]);
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0', 'r1']);
  });

  it('re-admits preempted requests before newer waiting ones', () => {
    const plan = policy.plan(view([seq(5), seq(4, { state: 'preempted', preemptions: 1 })], 50));
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r4', 'r5']);
  });
});

describe('vllm-priority', () => {
  it('orders waiting by (priority, arrival) and preempts max (priority, arrival)', () => {
    const policy = resolveBatchPolicy('vllm-priority');
    const waiting = policy.plan(view([seq(0, { priority: 2 }), seq(1, { priority: 1 })], 50));
    expect(waiting.scheduled.map((s) => s.id)).toEqual(['r1', 'r0']);
    const running = [
      { ...decoding(0, 17), priority: 5 },
      { ...decoding(1, 17), priority: 0 },
      { ...decoding(2, 17), priority: 1 },
    ];
    const plan = policy.plan(view(running, 1));
    expect(plan.preempt).toEqual([{ id: 'r0', mode: 'recompute' }]);
  });
});

describe('sarathi', () => {
  it('puts decodes first and caps the step at the 512-token chunk', () => {
    const policy = resolveBatchPolicy('sarathi');
    const plan = policy.plan(
      view([seq(1, { promptTokens: 2000 }), decoding(0, 3), seq(2)], 999, { totalBlocks: 1000 }),
    );
    expect(plan.scheduled).toEqual([
      { id: 'r0', tokens: 1 },
      { id: 'r1', tokens: 511 },
    ]);
  });
});

describe('sglang-lpm', () => {
  it('runs the longest cached prefix first, FCFS beyond 128 waiting', () => {
    const policy = resolveBatchPolicy('sglang-lpm');
    const few = [seq(0, { cachedTokens: 0 }), seq(1, { cachedTokens: 16 })];
    expect(policy.plan(view(few, 99)).scheduled.map((s) => s.id)).toEqual(['r1', 'r0']);
    const many = Array.from({ length: 130 }, (_, i) =>
      seq(i, { cachedTokens: i === 129 ? 16 : 0, promptTokens: 17 }),
    );
    const plan = policy.plan(view(many, 10_000, { totalBlocks: 10_000 }));
    expect(plan.scheduled[0]?.id).toBe('r0');
  });

  it('dfs-weight visits the heaviest prefix group first', () => {
    const group = (hash: string) => ({
      prefixHashes: [hash, `${hash}2`],
      cachedTokens: 32,
      promptTokens: 48,
    });
    const order = dfsWeightOrder(
      [seq(0, group('a')), seq(1, group('b')), seq(2, group('b')), seq(3)],
      16,
    );
    expect(order.map((s) => s.id)).toEqual(['r1', 'r2', 'r0', 'r3']);
  });

  it('dfs-weight walks prefix chains deeper than the call stack (Mooncake prompts)', () => {
    const depth = 200_000;
    const hashes = Array.from({ length: depth }, (_, i) => `h${i}`);
    const deep = { prefixHashes: hashes, cachedTokens: depth * 16, promptTokens: depth * 16 + 1 };
    const half = {
      prefixHashes: hashes.slice(0, depth / 2),
      cachedTokens: (depth / 2) * 16,
      promptTokens: (depth / 2) * 16 + 1,
    };
    const order = dfsWeightOrder([seq(0, half), seq(1, deep), seq(2)], 16);
    // the deeper match sits in the subtree below the shallower one's node: it comes out first
    expect(order.map((s) => s.id)).toEqual(['r1', 'r0', 'r2']);
  });
});

describe('rank-batch', () => {
  it('orders by the rank policy (spjf: shortest predicted first) and keeps started jobs', () => {
    const policy = resolveBatchPolicy('spjf');
    const plan = policy.plan(
      view([seq(0, { predictedSize: 500 }), seq(1, { predictedSize: 5 })], 99),
    );
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r1', 'r0']);
  });

  it('strict order: a preemptive policy evicts the lowest-ranked running request for memory', () => {
    const policy = resolveBatchPolicy('sprpt', { rankOrder: 'strict' });
    expect(policy.name).toBe('sprpt+strict');
    const running = { ...decoding(0, 17), predictedSize: 1000 };
    const plan = policy.plan(view([running, seq(1, { predictedSize: 2 })], 2));
    expect(plan.preempt).toEqual([{ id: 'r0', mode: 'recompute' }]);
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r1']);
  });

  it('running-first (default): the rank orders admission only, never evicts a running request', () => {
    const policy = resolveBatchPolicy('sprpt');
    expect(policy.name).toBe('sprpt');
    const running = { ...decoding(0, 17), predictedSize: 1000 };
    const plan = policy.plan(view([running, seq(1, { predictedSize: 2 })], 2));
    expect(plan.preempt).toEqual([]);
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0']);
    const roomy = policy.plan(
      view([seq(2, { predictedSize: 50 }), running, seq(1, { predictedSize: 2 })], 99),
    );
    expect(roomy.scheduled.map((s) => s.id)).toEqual(['r0', 'r1', 'r2']);
  });

  it('running-first preempts for memory the lowest-ranked running request', () => {
    const policy = resolveBatchPolicy('sprpt');
    // both at a block boundary: the next token of each needs a new block, 1 free
    const a = { ...decoding(0, 17), predictedSize: 20 };
    const b = { ...decoding(1, 17), predictedSize: 1000 };
    const plan = policy.plan(view([b, a], 1));
    expect(plan.preempt).toEqual([{ id: 'r1', mode: 'recompute' }]);
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0']);
  });

  it('strict order preempts nothing when evicting every lower-ranked request would still not fit', () => {
    const policy = resolveBatchPolicy('sprpt', { rankOrder: 'strict' });
    const running = { ...decoding(0, 17), predictedSize: 1000 }; // holds 3 blocks
    // r1's 320-token prompt needs 20 blocks (+1 watermark): 2 free + 3 freeable is not enough
    const plan = policy.plan(view([running, seq(1, { predictedSize: 2, promptTokens: 320 })], 2));
    expect(plan.preempt).toEqual([]);
    expect(plan.scheduled).toEqual([]);
  });
});

describe('rank-batch decodesFirst', () => {
  it('a long prefill ranked first stalls lower-ranked decodes only in strict mode', () => {
    const running = { ...decoding(0, 5), predictedSize: 1000 };
    const newcomer = seq(1, { predictedSize: 2, promptTokens: 9000 });
    const strict = resolveBatchPolicy('sprpt', { rankOrder: 'strict' }).plan(
      view([running, newcomer], 999, { totalBlocks: 1000 }),
    );
    expect(strict.scheduled).toEqual([{ id: 'r1', tokens: 8192 }]);
    const firstDecodes = resolveBatchPolicy('sprpt', { decodesFirst: true });
    expect(firstDecodes.name).toBe('sprpt+decodes-first');
    expect(
      firstDecodes.plan(view([running, newcomer], 999, { totalBlocks: 1000 })).scheduled,
    ).toEqual([
      { id: 'r0', tokens: 1 },
      { id: 'r1', tokens: 8191 },
    ]);
  });
});

describe('every policy', () => {
  it('resolves batch policies first, then rank policies', () => {
    expect(knownPolicyNames().slice(0, batchPolicyNames.length)).toEqual(batchPolicyNames);
    expect(() => resolveBatchPolicy('nope')).toThrow(/known: vllm-fcfs/);
  });

  it('fcfs is an alias of vllm-fcfs', () => {
    const alias = resolveBatchPolicy('fcfs');
    expect(alias.name).toBe('vllm-fcfs');
    const running = Array.from({ length: 3 }, (_, i) => decoding(i, 3 + i));
    const v = view(running, 50);
    expect(alias.plan(v)).toEqual(resolveBatchPolicy('vllm-fcfs').plan(v));
  });

  it.each(knownPolicyNames())('%s keeps an all-decode batch whole (decodeStable)', (name) => {
    const policy = resolveBatchPolicy(name);
    const sizeDistribution = { values: [50, 150], probs: [0.5, 0.5] };
    const running = Array.from({ length: 20 }, (_, i) => ({
      ...decoding(i, 3 + i),
      size: 100,
      sizeDistribution,
    }));
    const plan = policy.plan(view(running, 50));
    expect(policy.decodeStable).toBe(true);
    expect(plan.preempt).toEqual([]);
    expect(plan.scheduled.map((s) => s.id).sort()).toEqual(running.map((s) => s.id).sort());
    expect(plan.scheduled.every((s) => s.tokens === 1)).toBe(true);
  });
});
