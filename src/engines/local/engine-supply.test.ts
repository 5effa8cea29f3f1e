/**
 * The local engine's step-time estimate: the cost model in virtual time, then a linear fit of the
 * step log, refitted as the log grows.
 */
import { describe, expect, it } from 'vitest';
import type { StepShape } from '../../core/step-plan.js';
import { seconds } from '../../core/units.js';
import { stepEstimate } from './engine-supply.js';
import type { LocalEngineOptions } from './local-engine-options.js';
import type { StepRecord } from './step-record.js';

/** Only the fields stepEstimate reads; the rest of LocalEngineOptions is irrelevant here. */
const options = (extra: Partial<LocalEngineOptions> = {}): LocalEngineOptions =>
  ({ ...extra }) as LocalEngineOptions;

const shape = (prefillTokens: number, decodeSeqs: number): StepShape => ({
  prefillSeqs: prefillTokens > 0 ? 1 : 0,
  prefillTokens,
  prefillAttention: 0,
  decodeSeqs,
  decodeContext: decodeSeqs * 100,
});

/** A step of `s` that took base 2 ms + 0.1 ms per prompt token + 1 ms per decode. */
const truth = (s: StepShape): number => 0.002 + 0.0001 * s.prefillTokens + 0.001 * s.decodeSeqs;
const record = (s: StepShape): StepRecord => ({
  ...s,
  start: seconds(0),
  seconds: seconds(truth(s)),
  iterationSeconds: seconds(truth(s) + 0.0005),
  kvTokens: 0,
});

describe('the local engine step-time estimate', () => {
  it('is the charged cost model in a virtual-time run', () => {
    const estimate = stepEstimate(options({ stepSeconds: (s) => 0.5 * s.prefillTokens }), []);
    expect(estimate(shape(4, 1))).toBe(2);
  });

  it('is the mean step before the first fit, then the fitted linear model of the step log', () => {
    const log: StepRecord[] = [];
    const estimate = stepEstimate(options(), log);
    expect(estimate(shape(10, 1))).toBe(0);
    log.push(record(shape(100, 0)), record(shape(0, 4)));
    expect(estimate(shape(10, 1))).toBeCloseTo((truth(shape(100, 0)) + truth(shape(0, 4))) / 2, 12);
    for (let i = 0; i < 30; i++) log.push(record(shape((i * 37) % 200, (i * 5) % 9)));
    // 32 logged steps of an exactly linear engine: the fit recovers it on a shape never seen
    expect(estimate(shape(333, 7))).toBeCloseTo(truth(shape(333, 7)), 9);
  });

  it('refits as the log grows (every 16 steps), following a slower engine', () => {
    const log: StepRecord[] = [];
    const estimate = stepEstimate(options(), log);
    for (let i = 0; i < 8; i++) log.push(record(shape(i * 20, i % 3)));
    const before = estimate(shape(200, 2));
    expect(before).toBeCloseTo(truth(shape(200, 2)), 9);
    const slow = (s: StepShape): StepRecord => ({ ...record(s), seconds: seconds(3 * truth(s)) });
    for (let i = 0; i < 15; i++) log.push(slow(shape(i * 13, i % 4)));
    expect(estimate(shape(200, 2))).toBe(before); // 15 new steps: no refit yet
    log.push(slow(shape(50, 1)));
    expect(estimate(shape(200, 2))).toBeGreaterThan(1.5 * before);
  });
});
