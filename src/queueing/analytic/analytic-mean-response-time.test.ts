/**
 * `analyticMeanResponseTime`: typed unstable results, a value or a reason for every registry
 * policy, Trail's §15.6 values, point-mass service.
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../core/distributions/parse-distribution.js';
import { rankPolicyNames } from '../../policies/registry.js';
import { parsePredictionModel } from '../prediction-models/parse-prediction-model.js';
import { analyticMeanResponseTime } from './analytic-mean-response-time.js';

const service = parseDistribution('exp');
const prediction = parsePredictionModel('exp');

describe('analyticMeanResponseTime', () => {
  it('returns a typed unstable result (never Infinity or NaN) when lambda E[S] >= 1', () => {
    for (const policy of rankPolicyNames) {
      for (const lambda of [1, 1.5]) {
        expect(analyticMeanResponseTime(policy, { service, prediction, lambda })).toEqual({
          kind: 'unstable',
          load: lambda,
        });
      }
    }
    const slow = parseDistribution('exp:2');
    expect(analyticMeanResponseTime('sprpt', { service: slow, prediction, lambda: 0.5 }).kind).toBe(
      'unstable',
    );
  });

  it('answers every registry policy with a finite value or a reason', () => {
    const exact = parsePredictionModel('exact'); // cheap tables; noisy predictions are tested elsewhere
    for (const policy of rankPolicyNames) {
      const result = analyticMeanResponseTime(policy, { service, prediction: exact, lambda: 0.5 });
      if (result.kind === 'ok') expect(Number.isFinite(result.value)).toBe(true);
      else expect(result).toMatchObject({ kind: 'unsupported', reason: expect.any(String) });
    }
    expect(analyticMeanResponseTime('mlfq', { service, prediction, lambda: 0.5 }).kind).toBe(
      'unsupported',
    );
    // LAS (foreground-background) through SOAP: with exponential sizes E[T] = 1 / (1 - rho).
    const las = analyticMeanResponseTime('las', { service, prediction, lambda: 0.5 });
    expect(las.kind === 'ok' ? las.value : Number.NaN).toBeCloseTo(2, 3);
  });

  it('Trail with limited preemption matches 15.6: c 0.2 -> 1.7029, c 0.5 -> 1.6726, (0.8, 0.5) -> 3.1597', () => {
    const trail = (lambda: number, c: number): number => {
      const result = analyticMeanResponseTime('trail', {
        service,
        prediction,
        lambda,
        params: { c },
      });
      return result.kind === 'ok' ? result.value : Number.NaN;
    };
    expect(trail(0.5, 0.2)).toBeCloseTo(1.7029, 4);
    expect(trail(0.5, 0.5)).toBeCloseTo(1.6726, 4);
    expect(trail(0.8, 0.5)).toBeCloseTo(3.1597, 4);
    expect(trail(0.5, 0)).toBeCloseTo(1.7948, 4); // SPJF
    expect(trail(0.5, 1)).toBeCloseTo(1.6583, 4); // SPRPT
    // continuous at the SPRPT end (c -> 0 is checked in docs/queueing.md: c = 1e-4 gives 1.7947)
    expect(trail(0.5, 0.999)).toBeCloseTo(1.6583, 4);
  });

  it('handles point-mass service with noisy predictions, and refuses exact ranks on atoms', () => {
    const det = parseDistribution('det:1');
    const fifo = analyticMeanResponseTime('fifo', { service: det, prediction, lambda: 0.5 });
    expect(fifo).toEqual({ kind: 'ok', value: 1.5 }); // M/D/1: 1 + 0.5 / (2 * 0.5)
    // with identical sizes and noisy predictions, SPJF reorders nothing that matters: FIFO mean
    const spjf = analyticMeanResponseTime('spjf', { service: det, prediction, lambda: 0.5 });
    expect(spjf.kind === 'ok' && spjf.value).toBeCloseTo(1.5, 6);
    expect(analyticMeanResponseTime('srpt', { service: det, prediction, lambda: 0.5 }).kind).toBe(
      'unsupported',
    );
  });
});
