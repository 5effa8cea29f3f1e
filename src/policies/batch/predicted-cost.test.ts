/**
 * Tests of predicted-cost, the default batch policy: its cost (uncached prompt plus weighted
 * predicted output), aging, the stepTokens budget with running decodes first, preemption for memory
 * only, and its parameter and prediction checks.
 */
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import type { EngineLimits, EngineView, SeqView } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { defaultBatchPolicyName } from './default-policy.js';
import { predictedCost } from './predicted-cost.js';
import { resolveBatchPolicy } from './registry.js';
import { type SeqFields, seqView } from './seq-view.test-helper.js';

const limits: EngineLimits = {
  maxBatchedTokens: 8192,
  maxSeqs: 256,
  chunkCap: 0,
  blockSize: 16,
  totalBlocks: 1000,
  watermarkBlocks: 1,
};

const seq = (index: number, fields: SeqFields = {}): SeqView =>
  seqView(index, { predictedSize: 10, ...fields });

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

const view = (requests: SeqView[], freeBlocks: number, now = 10, over = {}): EngineView => ({
  now: seconds(now),
  requests,
  freeBlocks,
  limits: { ...limits, ...over },
  meanStepSeconds: seconds(0),
});

describe('predicted-cost', () => {
  const policy = resolveBatchPolicy('predicted-cost');

  it('is the default policy and needs a predicted size', () => {
    expect(defaultBatchPolicyName).toBe('predicted-cost');
    expect(policy.needs).toEqual(['predictedSize']);
  });

  it('costs uncached prompt tokens plus the weighted predicted output', () => {
    expect(predictedCost(seq(0, { promptTokens: 100, cachedTokens: 40 }), 4, 'p')).toBe(60 + 40);
    // an overdue prediction still costs one output token
    expect(predictedCost(seq(0, { predictedSize: 3, generated: 5 }), 4, 'p')).toBeGreaterThan(0);
  });

  it('admits the cheapest predicted cost first, counting the prompt, not only the output', () => {
    const long = seq(0, { promptTokens: 4000, predictedSize: 5 }); // cost 4000 + 20
    const chatty = seq(1, { promptTokens: 10, predictedSize: 200 }); // cost 10 + 800
    const small = seq(2, { promptTokens: 10, predictedSize: 5 }); // cost 10 + 20
    const plan = policy.plan(view([long, chatty, small], 1000, 10, { maxBatchedTokens: 100 }));
    // budget 100: small (10) then chatty (10), then long gets the remaining 80 as a chunk
    expect(plan.scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r2', 10],
      ['r1', 10],
      ['r0', 80],
    ]);
  });

  it('ages: a long wait overtakes a cheaper newcomer', () => {
    const old = seq(0, { arrivalTime: seconds(0), promptTokens: 200, predictedSize: 10 });
    const young = seq(1, { arrivalTime: seconds(100), promptTokens: 20, predictedSize: 10 });
    const budget = { maxBatchedTokens: 200 };
    // E = 45 s: old waited 100 s more, exp(100/45) = 9.2 > cost ratio 240/60 = 4
    expect(policy.plan(view([young, old], 1000, 100, budget)).scheduled[0]?.id).toBe('r0');
    const slow = resolveBatchPolicy('predicted-cost', { params: { agingSeconds: 1000 } });
    expect(slow.plan(view([young, old], 1000, 100, budget)).scheduled[0]?.id).toBe('r1');
  });

  it('keeps running decodes going before any admission', () => {
    const plan = policy.plan(
      view([seq(5, { promptTokens: 10 }), decoding(0, 50), decoding(1, 3)], 1000, 10, {
        maxBatchedTokens: 2,
      }),
    );
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0', 'r1']);
  });

  it('caps the step at stepTokens (default 2048), never below one token per running request', () => {
    const big = seq(1, { promptTokens: 5000 });
    const tokens = (p: ReturnType<typeof resolveBatchPolicy>, requests: SeqView[]): number[] =>
      p.plan(view(requests, 1000)).scheduled.map((s) => s.tokens);
    expect(tokens(policy, [decoding(0, 3), big])).toEqual([1, 2047]);
    const uncapped = resolveBatchPolicy('predicted-cost', { params: { stepTokens: 0 } });
    expect(tokens(uncapped, [decoding(0, 3), big])).toEqual([1, 5000]);
    // a gateway only orders dispatches (unbounded tokens): no step budget there
    const gateway = resolveBatchPolicy('predicted-cost', { dispatchOnly: true });
    expect(tokens(gateway, [decoding(0, 3), big])).toEqual([1, 5000]);
    const tiny = resolveBatchPolicy('predicted-cost', { params: { stepTokens: 2 } });
    const decodes = [0, 1, 2, 3].map((i) => decoding(i, 3));
    expect(tokens(tiny, [...decodes, big])).toEqual([1, 1, 1, 1, 1]);
  });

  it('gives running decodes their token before a running prefill chunk', () => {
    const chunking = seq(0, {
      state: 'running',
      promptTokens: 4000, // 3000 tokens pending: in arrival order it would take the whole budget
      prefillDone: 1000,
      computedTokens: 1000,
      kvBlocks: 63,
    });
    const plan = policy.plan(view([chunking, decoding(1, 3)], 1000));
    expect(plan.scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r1', 1],
      ['r0', 2047],
    ]);
  });

  it('preempts only for memory, the latest-arrived running request, and then admits nobody', () => {
    const running = [0, 1, 2].map((i) => decoding(i, 17)); // each needs a new block
    const plan = policy.plan(view([...running, seq(3, { predictedSize: 1 })], 2));
    expect(plan.preempt).toEqual([{ id: 'r2', mode: 'recompute' }]);
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0', 'r1']);
  });

  it('decodeSlots K: runs only the K running decodes of lowest key, keeps prefill; 0 = all', () => {
    // predicted remaining output: r0 40, r1 7, r2 2, r3 20; r4 is a running prefill chunk
    const requests = [
      decoding(0, 10),
      decoding(1, 3),
      decoding(2, 8),
      decoding(3, 30),
      seq(4, {
        state: 'running',
        promptTokens: 100,
        prefillDone: 40,
        computedTokens: 40,
        kvBlocks: 3,
      }),
    ].map((r, i) => ({ ...r, predictedSize: [50, 10, 10, 50, 10][i] as number }));
    const ids = (p: ReturnType<typeof resolveBatchPolicy>): string[] =>
      p.plan(view(requests, 1000)).scheduled.map((s) => s.id);
    expect(ids(policy)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(policy.decodeStable).toBe(true);
    const two = resolveBatchPolicy('predicted-cost', { params: { decodeSlots: 2 } });
    expect(ids(two)).toEqual(['r1', 'r2', 'r4']);
    expect(two.decodeStable).toBe(false);
    expect(ids(resolveBatchPolicy('predicted-cost', { params: { decodeSlots: 5 } }))).toEqual(
      ids(policy),
    );
    expect(() => resolveBatchPolicy('predicted-cost', { params: { decodeSlots: 1.5 } })).toThrow(
      /decodeSlots/,
    );
  });

  it('rejects parameters out of range, naming them', () => {
    expect(() => resolveBatchPolicy('predicted-cost', { params: { agingSeconds: 0 } })).toThrow(
      /agingSeconds/,
    );
    expect(() => resolveBatchPolicy('predicted-cost', { params: { outputWeight: -1 } })).toThrow(
      SchedulerError,
    );
  });

  it('fails clearly when the executor supplies no prediction', () => {
    const bare = seq(0);
    const { predictedSize: _, ...withoutPrediction } = bare;
    expect(() => policy.plan(view([withoutPrediction as SeqView], 1000))).toThrow(/predictedSize/);
  });
});
