/**
 * `summarizeSloClasses`: per-class attainment, goodput and tail TBT, present in the run summary
 * only when requests carry targets.
 */
import { describe, expect, it } from 'vitest';
import { latencySketchAccuracy } from './latency-sketch.js';
import type { RequestRecord } from './request-record.js';
import { summarizeSloClasses } from './slo-class-summary.js';
import { summarizeRecords } from './summarize-records.js';

function record(
  id: number,
  tokenTimes: number[],
  slo: { ttft?: number; tbt?: number },
): RequestRecord {
  return {
    id: String(id),
    replica: 0,
    arrivalTime: 0,
    promptTokens: 10,
    outputTokens: tokenTimes.length,
    tokenTimes,
    finishTime: tokenTimes[tokenTimes.length - 1] as number,
    preemptions: 0,
    cachedPromptTokens: 0,
    ...(slo.ttft === undefined ? {} : { sloTtft: slo.ttft }),
    ...(slo.tbt === undefined ? {} : { sloTbt: slo.tbt }),
  };
}

describe('summarizeSloClasses', () => {
  const records = [
    record(0, [0.2, 0.25, 0.3], { ttft: 0.5, tbt: 0.1 }), // meets interactive
    record(1, [0.9, 1.0], { ttft: 0.5, tbt: 0.1 }), // TTFT miss
    record(2, [0.1, 0.5, 0.9], { tbt: 0.5 }), // relaxed, meets
    record(3, [3, 4], {}), // no target: best effort
  ];
  it('groups by targets, names known classes, and computes attainment, goodput and tail TBT', () => {
    const classes = summarizeSloClasses(records, {
      durationSeconds: 4,
      classNames: [
        { name: 'interactive', ttft: 0.5, tbt: 0.1 },
        { name: 'relaxed', tbt: 0.5 },
      ],
    });
    expect(classes.map((c) => [c.name, c.requests, c.sloAttainment, c.goodput])).toEqual([
      ['interactive', 2, 0.5, 0.25],
      ['relaxed', 1, 1, 0.25],
      ['best-effort', 1, 1, 0.25],
    ]);
    // gaps 0.05, 0.05, 0.1 pooled in a sketch (latency-sketch.ts: within 0.1%)
    const exactP99 = 0.05 + 0.98 * 0.05;
    expect(Math.abs((classes[0]?.tbtP99 as number) - exactP99)).toBeLessThanOrEqual(
      latencySketchAccuracy * exactP99,
    );
    expect(classes[1]?.ttftP50).toBeCloseTo(0.1, 10);
  });
  it('appears in the run summary only when requests carry their own targets', () => {
    expect(summarizeRecords(records, { policy: 'x' }).summary.sloClasses?.length).toBe(3);
    const plain = records.map(({ sloTtft: _t, sloTbt: _b, ...rest }) => rest);
    expect(
      summarizeRecords(plain, { policy: 'x', sloTbt: 0.1 }).summary.sloClasses,
    ).toBeUndefined();
  });
});
