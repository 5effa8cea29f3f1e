/**
 * Tests of runSimulation: cost-model latencies, conservation under memory pressure, queue-delay
 * causes, M/G/1 and Little's-law checks, fast-forward identity, prefix hits, replicas, and a golden
 * summary.
 */
import { describe, expect, it } from 'vitest';
import { requestId, tenantId } from '../core/ids.js';
import type { SchedRequest } from '../core/request.js';
import { createRng } from '../core/rng.js';
import { seconds, tokens } from '../core/units.js';
import { latencyStats } from '../metrics/latency-stats.js';
import type { RequestRecord } from '../metrics/request-record.js';
import { summarizeRecords } from '../metrics/summarize-records.js';
import type { LengthPredictor, PredictorInput } from '../predictors/predictor.js';
import type { StepBatch } from './cost/cost-model.js';
import { createEngineProfile } from './cost/engine-profiles.js';
import { runSimulation } from './run-simulation.js';

/** A small generated trace: Poisson arrivals, lognormal-ish prompt and output lengths. */
function generateTrace(count: number, rate: number, seed: number, shared = false): SchedRequest[] {
  const rng = createRng(seed);
  let t = 0;
  return Array.from({ length: count }, (_, i) => {
    t += -Math.log(1 - rng.next()) / rate;
    const prompt = 32 + Math.floor(rng.next() * 600);
    const group = Math.floor(rng.next() * 3);
    return {
      id: requestId(`q${i}`),
      arrivalTime: seconds(t),
      promptTokens: tokens(prompt),
      outputTokens: tokens(1 + Math.floor(-Math.log(1 - rng.next()) * 80)),
      ...(shared
        ? {
            prefixHashes: Array.from({ length: 16 }, (_, k) => `sys${group}-${k}`),
            promptTokens: tokens(256 + prompt),
          }
        : {}),
    };
  });
}

const profile = createEngineProfile({ model: 'llama-3-8b', gpu: 'h100' });
const step = (batch: Partial<StepBatch>): number =>
  profile.cost.stepSeconds({
    prefillSeqs: 0,
    prefillTokens: 0,
    prefillAttention: 0,
    decodeSeqs: 0,
    decodeContext: 0,
    ...batch,
  });

/** Service time of one request alone: one prefill step, then output - 1 decode steps. */
function aloneSeconds(prompt: number, output: number): { ttft: number; total: number } {
  const ttft = step({
    prefillSeqs: 1,
    prefillTokens: prompt,
    prefillAttention: prompt * (prompt / 2),
  });
  let total = ttft;
  for (let j = 1; j < output; j++) total += step({ decodeSeqs: 1, decodeContext: prompt + j });
  return { ttft, total };
}

describe('runSimulation', () => {
  it('a single request has the cost model TTFT and TPOT', () => {
    const request: SchedRequest = {
      id: requestId('a'),
      arrivalTime: seconds(2),
      promptTokens: tokens(1000),
      outputTokens: tokens(50),
    };
    const { summary, records } = runSimulation({
      requests: [request],
      policy: 'vllm-fcfs',
      keepTokenTimes: true,
    });
    const expected = aloneSeconds(1000, 50);
    expect(summary.ttft.mean).toBeCloseTo(expected.ttft, 12);
    expect(summary.e2e.mean).toBeCloseTo(expected.total, 12);
    expect(summary.tpot.mean).toBeCloseTo((expected.total - expected.ttft) / 49, 12);
    expect(records[0]?.tokenTimes).toHaveLength(50);
    expect(records[0]?.firstScheduledTime).toBe(2);
  });

  it('conserves requests and tokens under memory pressure (every request completes)', () => {
    const requests = generateTrace(300, 40, 3);
    for (const policy of ['vllm-fcfs', 'sarathi', 'sglang-lpm', 'sprpt', 'trail']) {
      const result = runSimulation({
        requests,
        policy,
        limits: { totalBlocks: 400, watermarkBlocks: 4 },
      });
      expect(result.summary.completed, policy).toBe(300);
      result.records.forEach((record, i) => {
        expect(record.generatedTokens).toBe(requests[i]?.outputTokens);
        expect(record.error).toBeUndefined();
      });
    }
    const swap = runSimulation({
      requests,
      policy: 'vllm-fcfs',
      preemptMode: 'swap',
      limits: { totalBlocks: 400, watermarkBlocks: 4 },
    });
    expect(swap.summary.completed).toBe(300);
    expect(swap.summary.preemptions).toBeGreaterThan(0);
    expect(swap.replicas[0]?.swapOutBlocks).toBeGreaterThan(0);
  });

  it('splits queue delay by cause: memory, budget and max-seqs bound runs', () => {
    const requests = generateTrace(300, 40, 3);
    const cases = [
      { cause: 'memory', limits: { totalBlocks: 400, watermarkBlocks: 4 } },
      { cause: 'budget', limits: { maxBatchedTokens: 256 } },
      { cause: 'maxSeqs', limits: { maxSeqs: 2 } },
    ] as const;
    for (const { cause, limits } of cases) {
      const { records, summary } = runSimulation({ requests, policy: 'vllm-fcfs', limits });
      let total = 0;
      for (const record of records) {
        const split = record.queueByCause;
        expect(split, record.id).toBeDefined();
        if (!split || record.firstScheduledTime === undefined) continue;
        const sum = split.budget + split.memory + split.maxSeqs + split.policy + split.inFlight;
        expect(sum).toBeCloseTo(record.firstScheduledTime - record.arrivalTime, 9);
        total += split[cause];
      }
      expect(total, cause).toBeGreaterThan(0);
      const others = (['budget', 'memory', 'maxSeqs'] as const).filter((c) => c !== cause);
      for (const other of others) {
        expect(summary.queueByCause[other], `${cause} run, ${other}`).toBeLessThan(
          summary.queueByCause[cause],
        );
      }
    }
  });

  it('reports normalized latency (E2E per output token) in the summary', () => {
    const requests = generateTrace(40, 5, 9);
    const { records, summary } = runSimulation({ requests, policy: 'vllm-fcfs' });
    const values = records.map(
      (r) => ((r.finishTime as number) - r.arrivalTime) / (r.generatedTokens as number),
    );
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(summary.normalizedLatency.mean).toBeCloseTo(mean, 12);
    expect(summary.normalizedLatency.p99).toBeLessThanOrEqual(Math.max(...values));
  });

  it('reduces token times as requests finish: the same summary as summarizing every token time', () => {
    const requests = generateTrace(300, 40, 3).map((r, i) =>
      i % 3 === 0 ? { ...r, slo: { ttft: seconds(0.5), tbt: seconds(0.02) } } : r,
    );
    const options = {
      requests,
      policy: 'vllm-fcfs',
      limits: { totalBlocks: 400, watermarkBlocks: 4 },
      sloTbt: 0.05,
    } as const;
    const reduced = runSimulation(options);
    const kept = runSimulation({ ...options, keepTokenTimes: true });
    expect(reduced.records.some((r) => r.tokenTimes !== undefined)).toBe(false);
    kept.records.forEach((record, i) => {
      const times = record.tokenTimes as readonly number[];
      const slim = reduced.records[i] as RequestRecord;
      expect(times).toHaveLength(requests[i]?.outputTokens as number);
      expect(slim.firstTokenTime).toBe(times[0]);
      expect(slim.generatedTokens).toBe(times.length);
      const gaps = times.slice(1).map((t, k) => t - (times[k] as number));
      expect(slim.tbtMax).toBe(gaps.length > 0 ? Math.max(...gaps) : 0);
      expect(slim.tbtP99).toBe(gaps.length > 0 ? latencyStats(gaps).p99 : 0);
    });
    // the summary from slim records + the sketches gathered during the run equals the one
    // summarizeRecords builds from every kept token time
    expect(reduced.summary).toEqual(kept.summary);
    expect(reduced.detail).toEqual(kept.detail);
    expect(reduced.summary.sloClasses?.length).toBe(2);
    const fromTimes = summarizeRecords(kept.records, {
      policy: 'vllm-fcfs',
      sloTbt: 0.05,
      preemptions: kept.summary.preemptions,
      prefixHitRate: kept.summary.prefixHitRate,
    });
    expect(fromTimes.detail.tbt).toEqual({
      ...kept.detail.tbt,
      mean: expect.closeTo(kept.detail.tbt.mean, 12),
    });
    expect(fromTimes.summary.sloAttainment).toBe(kept.summary.sloAttainment);
    // without records (columns only): the same summary, byte for byte, and no records returned
    const columnsOnly = runSimulation({ ...options, keepRecords: false });
    expect(columnsOnly.records).toHaveLength(0);
    expect(JSON.stringify(columnsOnly.summary)).toBe(JSON.stringify(reduced.summary));
    expect(columnsOnly.detail).toEqual(reduced.detail);
    const failing = runSimulation({
      ...options,
      requests: [
        ...requests,
        { ...(requests[0] as SchedRequest), id: requestId('huge'), promptTokens: tokens(100_000) },
      ],
      keepRecords: false,
    });
    expect(failing.detail.failedByKind).toEqual({ 'kv-capacity': 1 });
  });

  it('reports a request that can never fit the KV cache instead of dropping it', () => {
    const requests = generateTrace(5, 1, 4);
    const big: SchedRequest = {
      id: requestId('huge'),
      arrivalTime: seconds(0.5),
      promptTokens: tokens(10_000),
      outputTokens: tokens(10),
    };
    const result = runSimulation({
      requests: [...requests, big],
      policy: 'vllm-fcfs',
      limits: { totalBlocks: 200, watermarkBlocks: 2 },
    });
    expect(result.summary.requests).toBe(6);
    expect(result.summary.completed).toBe(5);
    expect(result.records[5]?.error?.kind).toBe('kv-capacity');
    expect(result.detail.failedByKind).toEqual({ 'kv-capacity': 1 });
  });

  it('batch size 1 with unlimited memory equals an M/G/1 FIFO computation', () => {
    const requests = generateTrace(60, 3, 5);
    const result = runSimulation({
      requests,
      policy: 'vllm-fcfs',
      limits: { maxSeqs: 1, totalBlocks: 1_000_000, watermarkBlocks: 0 },
      prefixCache: 'none',
    });
    let free = 0;
    requests.forEach((request, i) => {
      const start = Math.max(request.arrivalTime, free);
      const service = aloneSeconds(request.promptTokens, request.outputTokens);
      free = start + service.total;
      expect(result.records[i]?.finishTime).toBeCloseTo(free, 9);
      expect(result.records[i]?.firstTokenTime).toBeCloseTo(start + service.ttft, 9);
    });
  });

  it("satisfies Little's law on a steady run", () => {
    const requests = generateTrace(2000, 8, 6);
    const { records, summary } = runSimulation({ requests, policy: 'vllm-fcfs' });
    // L = time-average number in system over [0, T], swept from arrival/finish events
    const events: [number, number][] = [];
    for (const r of records) events.push([r.arrivalTime, 1], [r.finishTime as number, -1]);
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let area = 0;
    let inSystem = 0;
    let last = 0;
    for (const [t, delta] of events) {
      area += inSystem * (t - last);
      inSystem += delta;
      last = t;
    }
    const span = last;
    const lambda = records.length / span;
    expect(area / span).toBeCloseTo(lambda * summary.e2e.mean, 6);
    expect(lambda).toBeGreaterThan(7);
    expect(lambda).toBeLessThan(9);
  });

  it('decode fast-forward gives byte-identical records', () => {
    const requests = generateTrace(400, 30, 7);
    for (const policy of ['vllm-fcfs', 'sprpt', 'sglang-lpm']) {
      const fast = runSimulation({ requests, policy, limits: { totalBlocks: 600 } });
      const slow = runSimulation({
        requests,
        policy,
        limits: { totalBlocks: 600 },
        fastForward: false,
      });
      expect(JSON.stringify(fast.records)).toBe(JSON.stringify(slow.records));
    }
  });

  it('prefix cache hits skip prefill compute (hash and radix)', () => {
    const requests = generateTrace(200, 5, 8, true);
    const none = runSimulation({ requests, policy: 'vllm-fcfs', prefixCache: 'none' });
    for (const mode of ['hash', 'radix'] as const) {
      const cached = runSimulation({ requests, policy: 'vllm-fcfs', prefixCache: mode });
      expect(cached.summary.prefixHitRate, mode).toBeGreaterThan(0.2);
      expect(cached.summary.ttft.mean, mode).toBeLessThan(none.summary.ttft.mean);
    }
    expect(none.summary.prefixHitRate).toBe(0);
  });

  it('routes over replicas and stays deterministic for a seed', () => {
    const requests = generateTrace(300, 30, 9);
    const a = runSimulation({
      requests,
      policy: 'sprpt',
      predictor: 'noisy:lognormal:1',
      replicas: 3,
      router: 'round-robin',
      seed: 4,
    });
    const b = runSimulation({
      requests,
      policy: 'sprpt',
      predictor: 'noisy:lognormal:1',
      replicas: 3,
      router: 'round-robin',
      seed: 4,
    });
    expect(a.summary).toEqual(b.summary);
    expect(new Set(a.records.map((r) => r.replica))).toEqual(new Set([0, 1, 2]));
  });

  it('passes predictors the same input on observe as on predict', () => {
    const requests = generateTrace(20, 4, 7).map((r, i) => ({
      ...r,
      prompt: `prompt ${i}`,
      group: `g${i % 2}`,
      tenant: tenantId('t1'),
      maxTokens: tokens(4096),
    }));
    const predicted = new Map<string, unknown>();
    const observed: [unknown, number][] = [];
    const predictor: LengthPredictor = {
      name: 'spy',
      predict(input) {
        predicted.set(input.id, input);
        return { mean: 50, quantiles: [], costSeconds: 0 };
      },
      observe(input, actual) {
        observed.push([input, actual]);
      },
      remaining: () => 0,
      stats: () => ({}),
    };
    runSimulation({ requests, policy: 'spjf', predictor, model: 'llama-3-8b', gpu: 'h100' });
    expect(observed).toHaveLength(20);
    for (const [input, actual] of observed) {
      const typed = input as PredictorInput;
      expect(predicted.get(typed.id)).toBe(input);
      expect(typed).toMatchObject({ model: 'llama-3-8b', tenant: 't1', maxTokens: 4096 });
      expect(typed.prompt).toMatch(/^prompt /);
      expect(typed.group).toMatch(/^g[01]$/);
      expect(actual).toBe(requests.find((r) => r.id === typed.id)?.outputTokens);
    }
  });

  it('golden summary for a fixed seed', () => {
    const requests = generateTrace(150, 20, 11);
    const { summary } = runSimulation({
      requests,
      policy: 'vllm-fcfs',
      seed: 1,
      sloTtft: 0.2,
      sloTbt: 0.05,
    });
    expect(summary).toMatchInlineSnapshot(`
      {
        "completed": 150,
        "durationSeconds": 8.979043154022964,
        "e2e": {
          "mean": 0.5928580772207755,
          "p50": 0.42056578391299015,
          "p90": 1.2937070518622555,
          "p99": 2.742261956058386,
        },
        "goodput": 16.705566219803064,
        "meanKvUtilization": 0.008499990404415458,
        "normalizedLatency": {
          "mean": 0.008283425605914578,
          "p50": 0.007912057794809194,
          "p90": 0.009286651210103657,
          "p99": 0.013047208063483856,
        },
        "policy": "vllm-fcfs",
        "preemptions": 0,
        "prefixHitRate": 0,
        "queueByCause": {
          "budget": 0,
          "inFlight": 0.00403198580002681,
          "maxSeqs": 0,
          "memory": 0,
          "policy": 0,
        },
        "queueDelay": {
          "mean": 0.00403198580002681,
          "p50": 0.003989186157874247,
          "p90": 0.00664996631729613,
          "p99": 0.013126906755672092,
        },
        "requests": 150,
        "sloAttainment": 1,
        "throughputTokensPerSecond": 1258.7087294414282,
        "tpot": {
          "mean": 0.00780241129556138,
          "p50": 0.007786436965197268,
          "p90": 0.008308243627241437,
          "p99": 0.009995192652859001,
        },
        "ttft": {
          "mean": 0.0163491599965393,
          "p50": 0.0160262638423323,
          "p90": 0.021999900277997142,
          "p99": 0.027146052754295522,
        },
        "wallSeconds": 0,
      }
    `);
  });
});
