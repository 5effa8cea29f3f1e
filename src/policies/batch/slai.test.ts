/**
 * Unit tests of the `slai` batch policy on hand-built engine views: LST-ordered decodes, shortest-prompt-first
 * admission with memory-dependent offsets, preemption on KV shortage, and each reconstructed option.
 */
import { describe, expect, it } from 'vitest';
import type { EngineLimits, EngineView, SeqView, StepShape } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
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

const waiting = (index: number, promptTokens: number, fields: SeqFields = {}): SeqView =>
  seqView(index, { promptTokens, tbtSlo: seconds(0.1), ...fields });

/** A running decode whose last token came at `lastTokenAt`. */
function decode(index: number, lastTokenAt: number, fields: SeqFields = {}): SeqView {
  return waiting(index, 32, {
    state: 'running',
    prefillDone: 32,
    generated: 4,
    computedTokens: 35,
    kvBlocks: 3,
    lastTokenAt: seconds(lastTokenAt),
    firstScheduledAt: seconds(index),
    ...fields,
  });
}

/** A running request part-way through its prompt. */
function partial(index: number, promptTokens: number, done: number): SeqView {
  return waiting(index, promptTokens, {
    state: 'running',
    prefillDone: done,
    computedTokens: done,
    kvBlocks: Math.ceil(done / 16),
    firstScheduledAt: seconds(index),
  });
}

const view = (requests: SeqView[], extra: Partial<EngineView> = {}): EngineView => ({
  now: seconds(100),
  requests,
  freeBlocks: 900,
  limits,
  meanStepSeconds: seconds(0.01),
  ...extra,
});

const scheduled = (plan: { scheduled: readonly { id: string; tokens: number }[] }) =>
  plan.scheduled.map((s) => [s.id, s.tokens]);

describe('slai', () => {
  const policy = resolveBatchPolicy('slai');

  it('schedules by the TBT target (not a per-request need) and keeps the decode-only promise', () => {
    expect(policy.needs ?? []).toEqual([]);
    expect(policy.schedulesBy).toEqual(['tbtSlo']);
    expect(resolveBatchPolicy('slai', { preemptMode: 'swap' }).schedulesBy).toEqual(['tbtSlo']);
    const all = [decode(0, 99.99), decode(1, 99.95), decode(2, 99.5)];
    const plan = policy.plan(view(all));
    expect(plan.scheduled.map((s) => s.id).sort()).toEqual(['r0', 'r1', 'r2']);
  });

  it('serves decodes past their last schedulable time first, defers the others behind prefills', () => {
    // LST = last + 0.1 - 5 * 0.01 = last + 0.05: r0 (last 99.9) is critical at 100, r1 (99.99) is not
    const plan = policy.plan(view([decode(0, 99.9), decode(1, 99.99), waiting(2, 2000)]));
    expect(scheduled(plan)).toEqual([
      ['r0', 1],
      ['r2', 511],
    ]);
  });

  it('gives a request without a TBT target the reference default (defaultTbt, 0.2 s)', () => {
    // lead = 5 * 0.01 = 0.05. r0 has no target: LST = 99.8 + 0.2 - 0.05 = 99.95 <= 100, critical.
    // r1 has none either but its last token is recent: LST = 99.9 + 0.15 = 100.05, deferred.
    const untargeted = (seq: SeqView): SeqView => {
      const { tbtSlo: _dropped, ...rest } = seq;
      return rest;
    };
    const requests = [untargeted(decode(0, 99.8)), untargeted(decode(1, 99.9)), waiting(2, 2000)];
    expect(scheduled(policy.plan(view(requests)))).toEqual([
      ['r0', 1],
      ['r2', 511],
    ]);
    // with defaultTbt 0.5 s neither is critical: the whole budget goes to the prompt
    const relaxed = resolveBatchPolicy('slai', { params: { defaultTbt: 0.5 } });
    expect(scheduled(relaxed.plan(view(requests)))).toEqual([['r2', 512]]);
    expect(() => resolveBatchPolicy('slai', { params: { defaultTbt: 0 } })).toThrow(
      "policy 'slai': parameter 'defaultTbt' must be >= 0.001, got 0",
    );
  });

  it('fills leftover budget with non-critical decodes in LST order', () => {
    const plan = policy.plan(view([decode(0, 99.99), decode(1, 99.98), waiting(2, 100)]));
    expect(scheduled(plan)).toEqual([
      ['r2', 100],
      ['r1', 1],
      ['r0', 1],
    ]);
  });

  it('admits new prompts shortest first, strict-TBT users ahead of relaxed ones', () => {
    const requests = [
      waiting(0, 300, { tbtSlo: seconds(0.5) }),
      waiting(1, 200, { tbtSlo: seconds(0.5) }),
      waiting(2, 250, { tbtSlo: seconds(0.1) }),
    ];
    expect(scheduled(policy.plan(view(requests)))).toEqual([
      ['r2', 250],
      ['r1', 200],
      ['r0', 62],
    ]);
    const plain = resolveBatchPolicy('slai', { params: { userPriority: 0 } });
    expect(scheduled(plain.plan(view(requests))).map(([id]) => id)).toEqual(['r1', 'r2', 'r0']);
    const fcfs = resolveBatchPolicy('slai', { params: { spf: 0 } });
    expect(scheduled(fcfs.plan(view(requests))).map(([id]) => id)).toEqual(['r0', 'r1', 'r2']);
  });

  it('moves decodes earlier when KV use crosses the memory limit (offset 5 -> 10 mean steps)', () => {
    // last 99.96: LST = 100.06 - 0.05 = 100.01 > now at offset 5; 100.06 - 0.1 = 99.96 at offset 10
    const requests = [decode(0, 99.96), waiting(1, 400)];
    const roomy = policy.plan(view(requests, { freeBlocks: 900 }));
    expect(scheduled(roomy)[0]).toEqual(['r1', 400]);
    const full = policy.plan(view(requests, { freeBlocks: 30 }));
    expect(scheduled(full)[0]).toEqual(['r0', 1]);
    const fixed = resolveBatchPolicy('slai', { params: { fixedOffset: 1 } });
    expect(scheduled(fixed.plan(view(requests, { freeBlocks: 30 })))[0]?.[0]).toBe('r1');
  });

  it('slotPressure (reconstructed): sequence slots in use count as memory for the offset', () => {
    // maxSeqs 2, both slots taken (a decode and a partial prefill), KV nearly empty
    const requests = [decode(0, 99.96), partial(1, 2000, 512)];
    expect(
      scheduled(resolveBatchPolicy('slai', { params: { maxSeqs: 2 } }).plan(view(requests)))[0],
    ).toEqual(['r1', 512]);
    const slots = resolveBatchPolicy('slai', { params: { maxSeqs: 2, slotPressure: 1 } });
    expect(scheduled(slots.plan(view(requests)))[0]).toEqual(['r0', 1]);
  });

  it('keeps a partial prefill ahead of new prompts (reference), or merges them (mergePrefills)', () => {
    const requests = [partial(0, 4000, 512), waiting(1, 64)];
    expect(scheduled(policy.plan(view(requests)))).toEqual([['r0', 512]]);
    const merged = resolveBatchPolicy('slai', { params: { mergePrefills: 1 } });
    expect(scheduled(merged.plan(view(requests)))).toEqual([
      ['r1', 64],
      ['r0', 448],
    ]);
  });

  it('on KV shortage a critical decode preempts the latest partial prefill, else itself', () => {
    // r0 at a block boundary (48 computed, 3 blocks) needs a 4th block; no block is free
    const boundary = decode(0, 99.8, { generated: 17, computedTokens: 48, kvBlocks: 3 });
    const plan = policy.plan(
      view([boundary, partial(1, 4000, 512), partial(2, 4000, 512)], {
        freeBlocks: 0,
      }),
    );
    expect(plan.preempt).toEqual([{ id: 'r2', mode: 'recompute' }]);
    expect(scheduled(plan)[0]).toEqual(['r0', 1]);
    const alone = policy.plan(view([boundary], { freeBlocks: 0 }));
    expect(alone.preempt).toEqual([{ id: 'r0', mode: 'recompute' }]);
    expect(alone.scheduled).toEqual([]);
  });

  it('dynamic budget (reconstructed): shrinks to the nearest TBT deadline, grows without one', () => {
    // a step costs 1 ms per token: the budget is the tokens that fit before the earliest deadline
    const estimate = (shape: StepShape) => seconds((shape.prefillTokens + shape.decodeSeqs) / 1000);
    const dynamic = resolveBatchPolicy('slai', { params: { dynamicBudget: 1 } });
    const tight = dynamic.plan(
      view([decode(0, 99.93), waiting(1, 5000)], { estimateStepSeconds: estimate }),
    );
    // deadline 100.03: 30 ms = 30 tokens (1 decode + 29 prompt), floored at 512 / 8 = 64
    expect(scheduled(tight)).toEqual([
      ['r0', 1],
      ['r1', 63],
    ]);
    const free = dynamic.plan(view([waiting(1, 5000)], { estimateStepSeconds: estimate }));
    expect(scheduled(free)).toEqual([['r1', 2048]]);
    // no estimate from the executor: the fixed budget
    expect(scheduled(dynamic.plan(view([waiting(1, 5000)])))).toEqual([['r1', 512]]);
  });

  it('roundRobin: paused prefills take turns (least prefilled first), as the reference', () => {
    const requests = [partial(1, 4000, 1024), partial(2, 4000, 512)];
    expect(scheduled(policy.plan(view(requests)))).toEqual([['r1', 512]]);
    const turns = resolveBatchPolicy('slai', { params: { roundRobin: 1 } });
    expect(scheduled(turns.plan(view(requests)))).toEqual([['r2', 512]]);
  });

  it('safeBudget (reconstructed): one floor step of margin, prefill attention at its context', () => {
    // 1 ms per token, 0.1 µs per unit of prefill attention (sum of t (c + t / 2))
    const estimate = (shape: StepShape) =>
      seconds((shape.prefillTokens + shape.decodeSeqs) / 1000 + shape.prefillAttention / 1e7);
    const plain = resolveBatchPolicy('slai', { params: { dynamicBudget: 1 } });
    const safe = resolveBatchPolicy('slai', { params: { dynamicBudget: 1, safeBudget: 1 } });
    // deadline 100.3005 (not critical: LST 100.2505); a prompt 2,000 tokens in
    const requests = [decode(0, 100.2005), partial(2, 6000, 2000)];
    const at = view(requests, { estimateStepSeconds: estimate });
    // plain: B / 1000 + (B - 1)^2 / 2e7 <= 0.3005 -> B = 296 (295 prompt tokens + the decode)
    expect(scheduled(plain.plan(at))).toEqual([['r2', 296]]);
    // safe: the floor step (64 tokens at context 2,000) takes 76.8 ms; the rest, 223.7 ms, fits
    // B / 1000 + (B - 1)(2000 + (B - 1) / 2) / 1e7 <= 0.2237 -> B = 185
    expect(scheduled(safe.plan(at))).toEqual([['r2', 185]]);
    // safeMargin (reconstructed): the margin in floor steps; 0.5 -> 38.4 ms, 0 -> context only
    const half = resolveBatchPolicy('slai', {
      params: { dynamicBudget: 1, safeBudget: 1, safeMargin: 0.5 },
    });
    expect(scheduled(half.plan(at))).toEqual([['r2', 216]]);
    const none = resolveBatchPolicy('slai', {
      params: { dynamicBudget: 1, safeBudget: 1, safeMargin: 0 },
    });
    expect(scheduled(none.plan(at))).toEqual([['r2', 248]]);
  });

  it('maxWait (reconstructed): the oldest request past maxWait goes first, or closes admission', () => {
    // now 100; r0 arrived at 0 (waited 100 s), r1 at 1, r2 at 2: shortest first without aging
    const requests = [waiting(0, 400), waiting(1, 100), waiting(2, 50)];
    expect(scheduled(policy.plan(view(requests)))).toEqual([
      ['r2', 50],
      ['r1', 100],
      ['r0', 362],
    ]);
    for (const mergePrefills of [0, 1]) {
      const aging = resolveBatchPolicy('slai', { params: { maxWait: 99.5, mergePrefills } });
      // only r0 has waited 99.5 s: it goes first; the others keep shortest-first
      expect(scheduled(aging.plan(view(requests)))).toEqual([
        ['r0', 400],
        ['r2', 50],
        ['r1', 62],
      ]);
      // r0's 25 blocks do not fit 10 free: nothing else is admitted until memory frees
      expect(scheduled(aging.plan(view(requests, { freeBlocks: 10 })))).toEqual([]);
    }
    const later = resolveBatchPolicy('slai', { params: { maxWait: 101 } });
    expect(scheduled(later.plan(view(requests)))[0]).toEqual(['r2', 50]);
  });

  it('offsetUnit 1 (reconstructed) counts offsets in estimated full-budget steps', () => {
    const estimate = (shape: StepShape) =>
      seconds((shape.prefillTokens + shape.decodeSeqs) / 10_000);
    // full step 51.2 ms; offset 2 -> lead 102 ms > 100 ms TBT: every decode is critical
    const unit = resolveBatchPolicy('slai', { params: { offsetUnit: 1, offsetBelow: 2 } });
    const requests = [decode(0, 99.999), waiting(1, 2000)];
    expect(scheduled(unit.plan(view(requests, { estimateStepSeconds: estimate })))[0]).toEqual([
      'r0',
      1,
    ]);
    expect(scheduled(policy.plan(view(requests, { estimateStepSeconds: estimate })))[0]).toEqual([
      'r1',
      512,
    ]);
  });

  it('rejects unknown and out-of-range parameters in one line', () => {
    expect(() => resolveBatchPolicy('slai', { params: { offset: 3 } })).toThrow(/unknown/);
    expect(() => resolveBatchPolicy('slai', { params: { memoryLimit: 2 } })).toThrow(
      /memoryLimit' must be in \[0, 1\]/,
    );
    expect(() => resolveBatchPolicy('slai', { params: { spf: 0.5 } })).toThrow(/spf/);
  });
});
