/**
 * The capacity criteria: the paper's (median TTFT, median scheduling delay, pooled or per-class
 * p99 TBT, optional service-rate guard) and the older attainment share.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunSummary } from '../../metrics/run-summary.js';
import { judgeCapacity } from './capacity-criterion.js';
import type { SweepPoint, SweepResult } from './sweep-point.js';
import { runSweepPoint } from './sweep-simulation.js';

const stats = (p50: number) => ({ mean: p50, p50, p90: p50, p99: p50 });

function result(fields: Partial<RunSummary>, tbtP99: number): SweepResult {
  const summary = {
    policy: 'x',
    requests: 10,
    completed: 10,
    ttft: stats(0.2),
    queueDelay: stats(0.1),
    sloAttainment: 1,
    ...fields,
  } as RunSummary;
  const backlog = {
    window: 100,
    middleTokens: 0,
    lastTokens: 0,
    growth: 0,
    maxDelay: 1,
    maxDelayShare: 0.01,
  };
  return { summary, failedByKind: {}, tbtP99, offeredRate: 3, backlog, ttft: [], e2e: [] };
}

describe('capacity criterion', () => {
  const paper = { kind: 'paper', ttftP50: 0.5, delayP50: 2, sloTbt: 0.1 } as const;
  it('paper: median TTFT, median scheduling delay and pooled p99 TBT must all hold', () => {
    expect(judgeCapacity(paper, result({}, 0.09)).passed).toBe(true);
    expect(judgeCapacity(paper, result({ ttft: stats(0.6) }, 0.09)).reason).toMatch(/median TTFT/);
    expect(judgeCapacity(paper, result({ queueDelay: stats(2.5) }, 0.09)).reason).toMatch(
      /scheduling delay/,
    );
    expect(judgeCapacity(paper, result({}, 0.11)).reason).toMatch(/p99 TBT 0.1100 s > 0.1 s/);
  });
  it('paper with a service rate: a load offered faster than the policy can serve fails', () => {
    expect(judgeCapacity({ ...paper, serviceRate: 3.5 }, result({}, 0.09)).passed).toBe(true);
    expect(judgeCapacity({ ...paper, serviceRate: 2.5 }, result({}, 0.09)).reason).toBe(
      'offered 3.00 req/s > service rate 2.50 req/s',
    );
  });
  it('paper: per-class tail TBT against each class target when requests carry targets', () => {
    const classes = [
      { name: 'strict', tbtTarget: 0.1, tbtP99: 0.12 },
      { name: 'relaxed', tbtTarget: 0.5, tbtP99: 0.3 },
    ].map((c) => ({
      ...c,
      requests: 5,
      completed: 5,
      sloAttainment: 1,
      goodput: 1,
      ttftP50: 0,
      ttftP99: 0,
    }));
    const verdict = judgeCapacity(paper, result({ sloClasses: classes }, 0.2));
    expect(verdict.reason).toMatch(/class strict/);
  });
  it('attainment: the older share criterion, failed requests counted as misses', () => {
    const attainment = { kind: 'attainment', target: 0.9 } as const;
    expect(judgeCapacity(attainment, result({ completed: 10 }, 1)).passed).toBe(true);
    expect(judgeCapacity(attainment, result({ completed: 8 }, 0)).passed).toBe(false);
  });

  it('an overloaded stall-free scheduler passes the TBT-attainment criterion but not the paper one', () => {
    // 300 requests arriving at 1000 req/s: decodes stay fast (sarathi) while the queue explodes
    const dir = mkdtempSync(join(tmpdir(), 'llmsched-criterion-'));
    const trace = join(dir, 'lengths.csv');
    const rows = Array.from(
      { length: 300 },
      (_, i) => `${800 + (i % 7) * 100},${40 + (i % 5) * 10}`,
    );
    writeFileSync(trace, `num_prefill_tokens,num_decode_tokens\n${rows.join('\n')}\n`);
    const point: SweepPoint = {
      trace,
      format: 'lengths',
      model: 'mistral-7b',
      gpu: 'a100',
      costModel: 'default',
      replicas: 1,
      router: 'round-robin',
      seed: 0,
      sloTbt: 0.1,
      policy: 'sarathi',
      loadKind: 'rate',
      load: 1000,
    };
    const run = runSweepPoint(point);
    expect(judgeCapacity({ kind: 'attainment', target: 0.9 }, run).passed).toBe(true);
    const verdict = judgeCapacity(paper, run);
    expect(verdict.passed).toBe(false);
    expect(verdict.reason).toMatch(/median TTFT/);
  });
});
