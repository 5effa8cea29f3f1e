/** One-bit advice (algorithms.md 4 and 15.5) against the survey's closed forms and values. */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../core/distributions/parse-distribution.js';
import { parsePredictionModel } from '../prediction-models/parse-prediction-model.js';
import { analyticMeanResponseTime, optimalThreshold } from './analytic-mean-response-time.js';
import { jointModel } from './joint-model.js';
import { oneBitClosedForm } from './mm1-closed-forms.js';
import { twoClassMeanResponseTime } from './two-class-formulas.js';

const exp = parseDistribution('exp');
const expPrediction = parsePredictionModel('exp');
const model = jointModel(exp, expPrediction);

function optimal(policy: string, lambda: number, service = exp) {
  const result = analyticMeanResponseTime(policy, { service, prediction: expPrediction, lambda });
  if (result.kind !== 'ok' || result.threshold === undefined) throw new Error(result.kind);
  return result;
}

describe('1-bit advice, M/M/1 with exponential predictions', () => {
  it('reproduces t1 = 1.8486 and t2 = 1.6972 at the optimal T = 0.905 (lambda 0.5)', () => {
    const np = optimal('onebit-np', 0.5);
    const p = optimal('onebit-p', 0.5);
    expect(np.value).toBeCloseTo(1.8486, 4);
    expect(p.value).toBeCloseTo(1.6972, 4);
    expect(np.threshold).toBeCloseTo(0.905, 3);
    expect(p.threshold).toBeCloseTo(0.905, 3);
  });

  it('reproduces the threshold variant 1.782 / 1.564 at T = 1.278 (lambda 0.5)', () => {
    const np = optimal('threshold-np', 0.5);
    const p = optimal('threshold-p', 0.5);
    expect(np.value).toBeCloseTo(1.7822, 3);
    expect(p.value).toBeCloseTo(1.5644, 3);
    expect(np.threshold).toBeCloseTo(1.278, 3);
    expect(p.threshold).toBeCloseTo(1.278, 3);
  });

  it('has optimal prediction thresholds 1.482 at 0.8 and 2.846 at 0.95', () => {
    expect(optimal('onebit-p', 0.8).threshold).toBeCloseTo(1.482, 2);
    expect(optimal('onebit-p', 0.95).threshold).toBeCloseTo(2.846, 2);
  });

  it('equals the Bessel closed forms t1, t2 for any T and lambda', () => {
    for (const lambda of [0.3, 0.7, 0.95]) {
      for (const threshold of [0.01, 0.5, 2, 10]) {
        const closed = oneBitClosedForm(lambda, threshold);
        const np = twoClassMeanResponseTime(model, lambda, threshold, 'prediction', false);
        const p = twoClassMeanResponseTime(model, lambda, threshold, 'prediction', true);
        expect(np).toBeCloseTo(closed.t1, 9);
        expect(p).toBeCloseTo(closed.t2, 9);
        expect(closed.t1).toBeCloseTo(lambda * closed.t2 + 1, 12);
      }
    }
  });

  it('is within 0.5% of the survey Table 2 simulations up to lambda 0.95', () => {
    const printed: Record<string, Record<number, number>> = {
      'threshold-np': { 0.6: 2.089, 0.8: 3.329, 0.95: 8.535 },
      'threshold-p': { 0.6: 1.814, 0.8: 2.91, 0.95: 7.914 },
      'onebit-np': { 0.6: 2.209, 0.8: 3.757, 0.95: 10.848 },
      'onebit-p': { 0.6: 2.013, 0.8: 3.451, 0.95: 10.372 },
    };
    for (const [policy, values] of Object.entries(printed)) {
      for (const [lambda, survey] of Object.entries(values)) {
        expect(Math.abs(optimal(policy, Number(lambda)).value / survey - 1)).toBeLessThan(0.005);
      }
    }
  });

  it('uses a fixed T when given one', () => {
    const result = analyticMeanResponseTime('onebit-p', {
      service: exp,
      prediction: expPrediction,
      lambda: 0.5,
      threshold: 2,
    });
    expect(result).toMatchObject({ kind: 'ok', threshold: 2 });
    expect(result.kind === 'ok' && result.value).toBeCloseTo(oneBitClosedForm(0.5, 2).t2, 9);
  });
});

describe('1-bit advice, general service', () => {
  it('T -> 0 and T -> infinity give FIFO without preemption', () => {
    const weibull = jointModel(parseDistribution('weibull:0.5,0.5'), expPrediction);
    const fifo = 1 + (6 * 0.5) / (2 * 0.5);
    expect(twoClassMeanResponseTime(weibull, 0.5, 1e-20, 'threshold', false)).toBeCloseTo(fifo, 8);
    expect(twoClassMeanResponseTime(weibull, 0.5, 1e9, 'prediction', false)).toBeCloseTo(fifo, 6);
  });

  it('preemption helps a lot under heavy tails (Weibull, lambda 0.5)', () => {
    const weibull = parseDistribution('weibull:0.5,0.5');
    expect(
      optimal('threshold-np', 0.5, weibull).value / optimal('threshold-p', 0.5, weibull).value,
    ).toBeGreaterThan(1.5);
  });

  it('the optimum beats a grid of thresholds', () => {
    const best = optimalThreshold(model, 0.7, 'prediction', true);
    for (let t = 0.05; t < 20; t *= 1.3) {
      expect(best.value).toBeLessThanOrEqual(
        twoClassMeanResponseTime(model, 0.7, t, 'prediction', true) + 1e-12,
      );
    }
  });
});
