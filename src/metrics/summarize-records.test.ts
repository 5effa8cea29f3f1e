/**
 * Run metrics from records: numpy-like latency quantiles, TTFT/TPOT/E2E, SLO attainment and
 * goodput, failures by kind, quantile selection.
 */
import { describe, expect, it } from 'vitest';
import { latencyStats } from './latency-stats.js';
import type { RequestRecord } from './request-record.js';
import { summarizeRecords } from './summarize-records.js';

const record = (
  id: string,
  arrival: number,
  times: number[],
  extra: Partial<RequestRecord> = {},
): RequestRecord => ({
  id,
  replica: 0,
  arrivalTime: arrival,
  promptTokens: 10,
  outputTokens: times.length,
  tokenTimes: times,
  preemptions: 0,
  cachedPromptTokens: 0,
  firstScheduledTime: arrival + 0.1,
  ...(times.length > 0 ? { finishTime: times[times.length - 1] as number } : {}),
  ...extra,
});

describe('metrics', () => {
  it('latency stats interpolate like numpy', () => {
    expect(latencyStats([1, 2, 3, 4])).toEqual({
      mean: 2.5,
      p50: 2.5,
      p90: 3.7,
      p99: expect.closeTo(3.97, 12),
    });
    expect(latencyStats([])).toEqual({ mean: 0, p50: 0, p90: 0, p99: 0 });
  });

  it('computes TTFT, TPOT, E2E, SLO attainment and goodput from records', () => {
    const records = [
      record('a', 0, [1, 1.5, 2]),
      record('b', 1, [1.2, 3.2]),
      record('c', 2, [], { error: { kind: 'kv-capacity', message: 'too big' } }),
    ];
    const { summary, detail } = summarizeRecords(records, { policy: 'p', sloTtft: 0.5, sloTbt: 1 });
    expect(summary.completed).toBe(2);
    expect(summary.requests).toBe(3);
    expect(summary.ttft.mean).toBeCloseTo((1 + 0.2) / 2, 12);
    expect(summary.tpot.mean).toBeCloseTo((0.5 + 2) / 2, 12);
    expect(summary.durationSeconds).toBe(3.2);
    expect(summary.throughputTokensPerSecond).toBeCloseTo(5 / 3.2, 12);
    // a: ttft 1 > 0.5 misses; b: ttft 0.2 ok but its gap 2 > 1 misses
    expect(summary.sloAttainment).toBe(0);
    expect(detail.failedByKind).toEqual({ 'kv-capacity': 1 });
    const relaxed = summarizeRecords(records, { policy: 'p', sloTtft: 2, sloTbt: 3 }).summary;
    expect(relaxed.sloAttainment).toBe(1);
    expect(relaxed.goodput).toBeCloseTo(2 / 3.2, 12);
  });

  it('counts engine failures and cancellations by kind, never as completed', () => {
    const records = [
      record('a', 0, [1]),
      record('b', 0, [0.5], { error: { kind: 'engine-failure', message: 'decode failed' } }),
      record('c', 0, [], { error: { kind: 'cancelled', message: 'client went away' } }),
      record('d', 0, [], { error: { kind: 'cancelled', message: 'client went away' } }),
    ];
    const { summary, detail } = summarizeRecords(records, { policy: 'p' });
    expect(summary.completed).toBe(1);
    expect(detail.failedByKind).toEqual({ 'engine-failure': 1, cancelled: 2 });
  });
});

describe('quantile selection', () => {
  it('equals sorting for any sample', async () => {
    const { quantileSelect, quantileSorted } = await import('./latency-stats.js');
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1 }),
        fc.constantFrom(0, 0.5, 0.9, 0.99, 1),
        (values, p) => {
          const sorted = Float64Array.from(values).sort();
          return (
            Math.abs(quantileSelect(Float64Array.from(values), p) - quantileSorted(sorted, p)) <=
            1e-9 * (1 + Math.abs(quantileSorted(sorted, p)))
          );
        },
      ),
    );
  });
});
