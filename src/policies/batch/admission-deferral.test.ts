/**
 * Tests of predicted-cost's admission deferral (admission-deferral.ts): a costlier queued request
 * is not admitted only when the executor's step estimate is additive (c > b); decodes and started
 * prefills always run; the optional waited-vs-own-work bound; and, in the simulator, plans
 * unchanged on a GPU cost model and the decode fast-forward still exact on a CPU-like preset.
 */
import { describe, expect, it } from 'vitest';
import type { EngineView, SeqView, StepShape } from '../../core/step-plan.js';
import { type Seconds, seconds } from '../../core/units.js';
import { runSimulation } from '../../sim/run-simulation.js';
import { readTrace } from '../../workloads/read-trace.js';
import { decodeStepTerms, stepsAdditive } from './admission-deferral.js';
import { resolveBatchPolicy } from './registry.js';
import { type SeqFields, seqView } from './seq-view.test-helper.js';

/** The built-in engine's shape: 0.5 ms a step, 0.63 ms a decode, 0.21 ms a prefill token. */
const cpu = (s: StepShape): Seconds =>
  seconds(
    s.prefillTokens + s.decodeSeqs === 0
      ? 0
      : 0.0005 + 0.00063 * s.decodeSeqs + 0.00021 * s.prefillTokens,
  );
/** A GPU's shape: the weights pass (6 ms) dominates, a decode adds 0.04 ms. */
const gpu = (s: StepShape): Seconds =>
  seconds(
    s.prefillTokens + s.decodeSeqs === 0
      ? 0
      : 0.006 + 0.00004 * s.decodeSeqs + 0.00002 * s.prefillTokens,
  );

const seq = (index: number, fields: SeqFields): SeqView =>
  seqView(index, { arrivalTime: seconds(index * 0.01), predictedSize: 20, ...fields });

const decoding = (index: number, generated: number, predictedSize: number): SeqView =>
  seq(index, {
    state: 'running',
    prefillDone: 32,
    generated,
    computedTokens: 32 + generated - 1,
    kvBlocks: 4,
    predictedSize,
  });

/** Two cheap decodes and a long request waiting (700 prompt tokens, 300 predicted output). */
const requests = [
  decoding(0, 5, 20),
  decoding(1, 2, 24),
  seq(2, { promptTokens: 700, predictedSize: 300 }),
];

const view = (
  estimate: ((s: StepShape) => Seconds) | undefined,
  now: number,
  list: readonly SeqView[] = requests,
): EngineView => ({
  now: seconds(now),
  requests: list,
  freeBlocks: 1000,
  limits: {
    maxBatchedTokens: 256,
    maxSeqs: 4,
    chunkCap: 0,
    blockSize: 16,
    totalBlocks: 1000,
    watermarkBlocks: 0,
  },
  meanStepSeconds: seconds(0),
  ...(estimate ? { estimateStepSeconds: estimate } : {}),
});

const ids = (
  estimate: ((s: StepShape) => Seconds) | undefined,
  now: number,
  params: Record<string, number> = {},
  list: readonly SeqView[] = requests,
) =>
  resolveBatchPolicy('predicted-cost', { params })
    .plan(view(estimate, now, list))
    .scheduled.map((s) => s.id);

describe('admission deferral', () => {
  it('reads b and c from the step estimate: additive on the CPU shape, not on a GPU', () => {
    const terms = decodeStepTerms(view(cpu, 0));
    expect(terms?.fixed).toBeCloseTo(0.0005, 12);
    expect(terms?.perDecode).toBeCloseTo(0.00063, 12);
    expect(stepsAdditive(terms)).toBe(true);
    expect(stepsAdditive(decodeStepTerms(view(gpu, 0)))).toBe(false);
    expect(stepsAdditive(decodeStepTerms(view(undefined, 0)))).toBe(false);
  });

  it('does not admit a costlier request while only cheaper decodes run (CPU); decodes all run', () => {
    // r2: 700 prompt tokens + 300 output, far above the decodes' ~15-22 tokens left
    expect(ids(undefined, 0.05)).toEqual(['r0', 'r1', 'r2']);
    expect(ids(gpu, 0.05)).toEqual(['r0', 'r1', 'r2']);
    expect(ids(cpu, 0.05)).toEqual(['r0', 'r1']);
    expect(ids(cpu, 0.05, { deferAdmission: 0 })).toEqual(['r0', 'r1', 'r2']);
  });

  it('keeps a started prefill, and admits a request cheaper than some running decode', () => {
    const started = seq(2, {
      state: 'running',
      promptTokens: 700,
      prefillDone: 256,
      computedTokens: 256,
      kvBlocks: 16,
      predictedSize: 300,
    });
    expect(ids(cpu, 0.05, {}, [requests[0] as SeqView, requests[1] as SeqView, started])).toEqual([
      'r0',
      'r1',
      'r2',
    ]);
    const long = decoding(4, 10, 2000); // 1,990 tokens left: costlier than r2
    expect(ids(cpu, 0.05, {}, [...requests, long])).toEqual(['r0', 'r1', 'r4', 'r2']);
    const policy = resolveBatchPolicy('predicted-cost');
    const decodes = [decoding(0, 5, 20), long];
    expect(policy.plan(view(cpu, 0.05, decodes)).scheduled.map((s) => s.id)).toEqual(['r0', 'r4']);
    expect(policy.decodeStable).toBe(true);
  });

  it('with deferFactor F, stops deferring once a request has waited F x its own work', () => {
    // r2's own work on the CPU shape: 700 x 0.21 ms + 300 x 0.63 ms = 0.336 s (+ attention: none)
    expect(ids(cpu, 0.02 + 0.33, { deferFactor: 1 })).toEqual(['r0', 'r1']);
    expect(ids(cpu, 0.02 + 0.34, { deferFactor: 1 })).toEqual(['r0', 'r1', 'r2']);
    expect(ids(cpu, 0.02 + 0.34, { deferFactor: 2 })).toEqual(['r0', 'r1']);
    expect(ids(cpu, 100)).toEqual(['r0', 'r1']);
  });

  it('rejects parameters out of range, naming them', () => {
    expect(() => resolveBatchPolicy('predicted-cost', { params: { deferFactor: -1 } })).toThrow(
      /deferFactor/,
    );
    expect(() => resolveBatchPolicy('predicted-cost', { params: { deferAdmission: 2 } })).toThrow(
      /deferAdmission/,
    );
  });

  it('simulator: the same run on an H100 with and without it; exact fast-forward on a CPU preset', () => {
    const trace = readTrace('synthetic:bursty', { rate: 40, requests: 60, seed: 3 });
    const h100 = (params: Record<string, number>) =>
      runSimulation({ requests: trace, policy: 'predicted-cost', policyOptions: { params } })
        .summary;
    expect(h100({})).toEqual(h100({ deferAdmission: 0 }));
    const twin = (fastForward: boolean, params: Record<string, number> = {}) =>
      runSimulation({
        requests: readTrace('synthetic:bursty', { rate: 2, requests: 40, seed: 1 }),
        policy: 'predicted-cost',
        policyOptions: { params },
        costModel: 'scripts/presets/cpu-small-engine-idle.json',
        prefixCache: 'none',
        fastForward,
        limits: {
          maxBatchedTokens: 256,
          maxSeqs: 4,
          chunkCap: 0,
          blockSize: 16,
          totalBlocks: 512,
          watermarkBlocks: 0,
        },
      }).summary;
    const on = twin(true);
    expect(on).toEqual(twin(false));
    expect(on.completed).toBe(40);
    expect(on.e2e.mean).toBeLessThan(twin(true, { deferAdmission: 0 }).e2e.mean);
  });
});
