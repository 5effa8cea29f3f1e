/**
 * Formulas versus A2's M/G/1 event simulator (fixed seeds, small job counts): the analytic
 * value must lie within 2 CI half-widths of the simulated mean (plus 1% for residual warm-up bias).
 */
import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../core/distributions/parse-distribution.js';
import { parsePredictionModel } from '../prediction-models/parse-prediction-model.js';
import { evaluatePolicy } from './evaluate-policy.js';

const exp = parseDistribution('exp');
const weibull = parseDistribution('weibull:0.5,0.5');
const expPrediction = parsePredictionModel('exp');

const cases = [
  { policy: 'sprpt', service: exp, lambda: 0.5, params: {} },
  { policy: 'onebit-p', service: exp, lambda: 0.5, params: {} },
  { policy: 'onebit-np', service: exp, lambda: 0.5, params: {} },
  { policy: 'trail', service: exp, lambda: 0.5, params: { c: 0.5 } },
  { policy: 'pspjf', service: exp, lambda: 0.6, params: {} },
  { policy: 'threshold-p', service: weibull, lambda: 0.5, params: {} },
  { policy: 'spjf', service: weibull, lambda: 0.5, params: {} },
  { policy: 'srpt', service: weibull, lambda: 0.5, params: {} },
] as const;

describe('analytic formulas agree with the M/G/1 simulation', () => {
  it.each(cases)(
    '$policy, $service.spec, lambda $lambda',
    ({ policy, service, lambda, params }) => {
      const request = { policy, service, prediction: expPrediction, lambda, params, seed: 11 };
      const analytic = evaluatePolicy({ ...request, method: 'analytic' });
      const sim = evaluatePolicy({ ...request, method: 'sim', jobs: 100_000 });
      expect(sim.threshold).toBe(analytic.threshold); // sim runs with the analytic optimal T
      const expected = analytic.meanResponseTime ?? Number.NaN;
      const simulated = sim.meanResponseTime ?? Number.NaN;
      const ci = sim.ci95 ?? Number.NaN;
      expect(ci).toBeGreaterThan(0);
      expect(Math.abs(simulated - expected)).toBeLessThanOrEqual(2 * ci + 0.01 * expected);
    },
  );

  it('reports an unstable simulation as a row with a note, not a number', () => {
    const row = evaluatePolicy({
      policy: 'fifo',
      method: 'sim',
      lambda: 1.1,
      service: exp,
      prediction: expPrediction,
      jobs: 1000,
    });
    expect(row).toMatchObject({ meanResponseTime: null, note: 'unstable' });
  });
});
