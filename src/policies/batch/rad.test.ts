/** Unit tests of the `rad` batch policy on hand-built engine views: tile filling, KV-aware admission, preemption. */
import { describe, expect, it } from 'vitest';
import type { EngineLimits, EngineView, SeqView } from '../../core/step-plan.js';
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

const seq = (index: number, promptTokens: number, fields: SeqFields = {}): SeqView =>
  seqView(index, { promptTokens, ...fields });

const decoding = (index: number): SeqView =>
  seq(index, 32, {
    state: 'running',
    prefillDone: 32,
    generated: 3,
    computedTokens: 34,
    kvBlocks: 3,
  });

const view = (requests: SeqView[], freeBlocks = 900): EngineView => ({
  now: seconds(100),
  requests,
  freeBlocks,
  limits,
  meanStepSeconds: seconds(0),
});

describe('rad (reconstructed)', () => {
  it('fills a whole number of tiles: decodes first, then the shortest remaining prompts', () => {
    const policy = resolveBatchPolicy('rad', { params: { tokenBudget: 600, tile: 128 } });
    const requests = [
      seq(0, 3000, { state: 'running', prefillDone: 2900, computedTokens: 2900, kvBlocks: 182 }),
      seq(1, 50),
      decoding(2),
      seq(3, 5000),
    ];
    const plan = policy.plan(view(requests));
    // B* = 512: 1 decode, r1 (50), r0 (100 left), r3 gets the rest
    expect(plan.scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r2', 1],
      ['r1', 50],
      ['r0', 100],
      ['r3', 361],
    ]);
    expect(plan.scheduled.reduce((sum, s) => sum + s.tokens, 0) % 128).toBe(0);
  });

  it('skips a new prompt whose whole KV does not fit, admits a smaller one', () => {
    const policy = resolveBatchPolicy('rad');
    const plan = policy.plan(view([seq(0, 900), seq(1, 4000)], 100));
    expect(plan.scheduled.map((s) => s.id)).toEqual(['r0']);
  });

  it('keeps the decode-only promise and preempts the latest arrival on KV shortage', () => {
    const policy = resolveBatchPolicy('rad');
    expect(policy.decodeStable).toBe(true);
    const all = [decoding(0), decoding(1), decoding(2)];
    expect(policy.plan(view(all)).scheduled.map((s) => s.id)).toEqual(['r0', 'r1', 'r2']);
    const boundary = (i: number) =>
      seq(i, 32, {
        state: 'running',
        prefillDone: 32,
        generated: 17,
        computedTokens: 48,
        kvBlocks: 3,
      });
    const short = policy.plan(view([boundary(0), boundary(1)], 0));
    expect(short.preempt).toEqual([{ id: 'r1', mode: 'recompute' }]);
  });

  it('gives the last free sequence slot to the longest prompt when no prompt is in flight', () => {
    const requests = [decoding(0), decoding(1), seq(2, 40), seq(3, 60), seq(4, 3000)];
    // maxSeqs 4: two decodes run, two slots left; shortest first takes r2, the last slot would
    // take r3 (done this step: every slot then decodes and later steps use 4 of 512 tokens)
    const off = resolveBatchPolicy('rad', { params: { maxSeqs: 4, fillSlot: 0 } });
    expect(off.plan(view(requests)).scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r0', 1],
      ['r1', 1],
      ['r2', 40],
      ['r3', 60],
    ]);
    const on = resolveBatchPolicy('rad', { params: { maxSeqs: 4 } });
    expect(on.plan(view(requests)).scheduled.map((s) => [s.id, s.tokens])).toEqual([
      ['r0', 1],
      ['r1', 1],
      ['r2', 40],
      ['r4', 470],
    ]);
    // a prompt already in flight fills later steps: the last slot stays shortest-first
    const inFlight = seq(5, 4000, {
      state: 'running',
      prefillDone: 1000,
      computedTokens: 1000,
      kvBlocks: 63,
    });
    const busy = [decoding(0), inFlight, seq(2, 40), seq(3, 60), seq(4, 3000)];
    expect(on.plan(view(busy)).scheduled.map((s) => s.id)).toEqual(['r0', 'r2', 'r3', 'r5']);
    expect(() => resolveBatchPolicy('rad', { params: { fillSlot: 2 } })).toThrow(/fillSlot/);
  });

  it('rejects unknown parameters', () => {
    expect(() => resolveBatchPolicy('rad', { params: { tiles: 64 } })).toThrow(/unknown/);
  });
});
