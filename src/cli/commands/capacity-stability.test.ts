/** The steady-state stability guard of `capacity` (capacity-stability.ts): backlog growth and starvation on hand-built records, and on simulated runs of a starving and a stable schedule. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../metrics/request-record.js';
import { judgeCapacity } from './capacity-criterion.js';
import { backlogTrend, defaultSteadyLimits, steadyStabilityMiss } from './capacity-stability.js';
import type { SweepPoint } from './sweep-point.js';
import { runSweepPoint } from './sweep-simulation.js';

/** A request of 100 tokens arriving at `arrival`, scheduled after `wait` s, done `busy` s later. */
function record(i: number, arrival: number, wait: number, busy: number): RequestRecord {
  return {
    id: String(i),
    replica: 0,
    arrivalTime: arrival,
    promptTokens: 90,
    outputTokens: 10,
    firstScheduledTime: arrival + wait,
    finishTime: arrival + wait + busy,
    preemptions: 0,
    cachedPromptTokens: 0,
  };
}

/** One arrival a second for `n` seconds. */
const arrivals = (n: number, at: (i: number) => RequestRecord) =>
  Array.from({ length: n }, (_, i) => at(i));

describe('steady-state stability guard', () => {
  it('a queue that keeps up: no growth, short waits', () => {
    const trend = backlogTrend(arrivals(301, (i) => record(i, i, 0.5, 2)));
    expect(trend.window).toBe(300);
    expect(trend.growth).toBeCloseTo(0, 6);
    expect(trend.maxDelayShare).toBeCloseTo(0.5 / 300, 6);
    expect(steadyStabilityMiss(trend, defaultSteadyLimits)).toBeUndefined();
  });
  it('a queue served at 4/5 of the arrival rate: a fifth of the offered work piles up', () => {
    // request i finishes at 1.25 i: the backlog grows by 0.2 requests a second
    const trend = backlogTrend(arrivals(3001, (i) => record(i, i, 0.25 * i, 0)));
    expect(trend.growth).toBeCloseTo(0.2, 2);
    expect(steadyStabilityMiss(trend, defaultSteadyLimits)).toMatch(
      /^backlog grows: 20\.0% of the offered work piles up/,
    );
  });
  it('one starved request: too little work to show as growth, caught by its wait', () => {
    const records = arrivals(301, (i) => record(i, i, 0.5, 2));
    records[10] = record(10, 10, 295, 2); // served only after the last arrival
    const trend = backlogTrend(records);
    expect(trend.growth).toBeLessThan(defaultSteadyLimits.growth);
    expect(trend.maxDelay).toBe(295);
    expect(steadyStabilityMiss(trend, defaultSteadyLimits)).toBe(
      'a request waited 295 s to be scheduled, 98% of the 300 s arrival window (> 50%: starved)',
    );
  });
  it('failed requests leave at once; fewer than two arrivals give an empty window', () => {
    const { finishTime: _never, ...base } = record(0, 0, 0, 0);
    const failed: RequestRecord = { ...base, error: { kind: 'kv-capacity', message: 'too long' } };
    const trend = backlogTrend([failed, ...arrivals(301, (i) => record(i + 1, i, 0.5, 2))]);
    expect(trend.growth).toBeCloseTo(0, 6);
    expect(backlogTrend([record(0, 0, 1, 1)])).toMatchObject({ window: 0, growth: 0 });
  });

  it('a shortest-prompt-first policy past saturation passes the medians but not the steady guard', () => {
    // 400 requests: four of five short (200-320 tokens), one of five 6,000 tokens. At 15 req/s
    // the engine keeps up with the short prompts only: rad serves them first, so the median TTFT
    // stays low while the long prompts pile up.
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-steady-'));
    const trace = join(dir, 'lengths.csv');
    const rows = Array.from({ length: 400 }, (_, i) =>
      i % 5 === 4 ? '6000,20' : `${200 + (i % 7) * 20},20`,
    );
    writeFileSync(trace, `num_prefill_tokens,num_decode_tokens\n${rows.join('\n')}\n`);
    const point = (policy: string, load: number): SweepPoint => ({
      trace,
      format: 'lengths',
      model: 'mistral-7b',
      gpu: 'a100',
      costModel: 'default',
      replicas: 1,
      router: 'round-robin',
      seed: 0,
      sloTbt: 0.2,
      policy,
      loadKind: 'rate',
      load,
    });
    const paper = { kind: 'paper', ttftP50: 0.5, delayP50: 2, sloTbt: 0.2 } as const;
    const steady = { ...paper, steady: defaultSteadyLimits };
    const overloaded = runSweepPoint(point('rad', 15));
    expect(judgeCapacity(paper, overloaded).passed).toBe(true);
    const verdict = judgeCapacity(steady, overloaded);
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/^backlog grows/);
    expect(overloaded.backlog.maxDelayShare).toBeGreaterThan(defaultSteadyLimits.maxDelayShare);
    // the same policy, and FCFS sarathi, at a load the engine sustains
    for (const policy of ['rad', 'sarathi']) {
      const light = runSweepPoint(point(policy, 2));
      expect(judgeCapacity(steady, light).passed).toBe(true);
      expect(Math.abs(light.backlog.growth)).toBeLessThan(0.01);
    }
  });
});
