/**
 * The SOAP evaluator (algorithms.md §15.2) against (1) the FB closed form for LAS, (2) policies it
 * reduces to (bounce / SkipPredict T=0 / DelayPredict L=0 with exact predictions = SRPT; SkipPredict
 * with every job short = FIFO), (3) the M/G/1 simulator with fixed seeds, tolerance 1.5 x the 95%
 * half-width (about 3 standard errors).
 */
import { describe, expect, it } from 'vitest';
import { deterministicDistribution } from '../../core/distributions/deterministic.js';
import type { Distribution } from '../../core/distributions/distribution.js';
import { exponentialDistribution } from '../../core/distributions/exponential.js';
import { weibullDistribution } from '../../core/distributions/weibull.js';
import type { PolicyParams } from '../../policies/rank-policy.js';
import { createRankPolicy } from '../../policies/registry.js';
import { simulateMg1 } from '../mg1-simulator.js';
import type { PredictionModel } from '../prediction-model.js';
import { exactPrediction } from '../prediction-models/exact-prediction.js';
import { exponentialPrediction } from '../prediction-models/exponential-prediction.js';
import { analyticMeanResponseTime } from './analytic-mean-response-time.js';
import { integrate } from './gauss-kronrod.js';
import { type SoapPolicyName, soapPolicyMeanResponseTime } from './soap-mean-response-time.js';

const exp = exponentialDistribution(1);
const weibull = weibullDistribution(0.5, 0.5);

function soap(
  name: SoapPolicyName,
  service: Distribution,
  prediction: PredictionModel,
  lambda: number,
  params: PolicyParams = {},
): number {
  const value = soapPolicyMeanResponseTime(name, service, prediction, lambda, params);
  if (typeof value === 'string') throw new Error(value);
  return value;
}

function analytic(name: string, prediction: PredictionModel, lambda: number): number {
  const result = analyticMeanResponseTime(name, { service: exp, prediction, lambda });
  if (result.kind !== 'ok') throw new Error(`${name}: ${result.kind}`);
  return result.value;
}

/** FB: E[T(x)] = (lambda m2(x)/2)/(1 - rho(x))^2 + x/(1 - rho(x)), moments of min(X, x). */
function lasClosedForm(service: Distribution, lambda: number): number {
  const survival = (t: number): number => 1 - service.cdf(t);
  const truncated = (x: number): { readonly rho: number; readonly m2: number } => ({
    rho: lambda * integrate((t) => survival(t), [0, x]),
    m2: integrate((t) => 2 * t * survival(t), [0, x]),
  });
  const response = (x: number): number => {
    const { rho, m2 } = truncated(x);
    return (lambda * m2) / 2 / (1 - rho) ** 2 + x / (1 - rho);
  };
  // In probability space: E[T] = int_0^1 T(F^-1(u)) du, split towards both ends.
  const edges = [0, 1e-9, 1e-6, 1e-3, 0.1, 0.5, 0.9, 0.99, 0.999, 1 - 1e-5, 1 - 1e-8, 1 - 1e-12];
  return integrate((u) => response(service.quantile(u)), edges, { relTol: 1e-9 });
}

describe('SOAP evaluator: LAS equals the FB closed form', () => {
  it.each([
    ['exp', exp, 0.5],
    ['exp', exp, 0.8],
    ['weibull:0.5,0.5', weibull, 0.5],
    ['weibull:0.5,0.5', weibull, 0.8],
  ] as const)('%s at lambda %s', (_label, service, lambda) => {
    const closed = lasClosedForm(service, lambda);
    if (service === exp) expect(closed).toBeCloseTo(1 / (1 - lambda), 6);
    expect(Math.abs(soap('las', service, exactPrediction, lambda) / closed - 1)).toBeLessThan(5e-4);
  });
});

describe('SOAP evaluator: reductions to known policies (exact predictions)', () => {
  it.each([0.5, 0.8])('bounce, SkipPredict T=0, DelayPredict L=0 equal SRPT at lambda %s', (l) => {
    const srpt = analytic('srpt', exactPrediction, l);
    for (const [name, params] of [
      ['sprpt-bounce', {}],
      ['skippredict', { T: 0 }],
      ['delaypredict', { L: 0 }],
    ] as const) {
      expect(Math.abs(soap(name, exp, exactPrediction, l, params) / srpt - 1)).toBeLessThan(5e-4);
    }
    expect(soap('skippredict', exp, exactPrediction, l, { T: 1e9 })).toBeCloseTo(1 / (1 - l), 3);
  });

  it('server-time cost and point masses are reported unsupported, not guessed', () => {
    const serverCost = { serverCost: 1 };
    expect(
      soapPolicyMeanResponseTime('skippredict', exp, exactPrediction, 0.5, serverCost),
    ).toMatch(/external-cost/);
    expect(
      soapPolicyMeanResponseTime('delaypredict', exp, exactPrediction, 0.5, serverCost),
    ).toMatch(/external-cost/);
    const point = deterministicDistribution(1);
    expect(soapPolicyMeanResponseTime('sprpt-bounce', point, exactPrediction, 0.5)).toMatch(
      /point-mass/,
    );
    // LAS with all sizes 1: lambda/(2 (1-rho)^2) + 1/(1-rho) = 3 at lambda 0.5.
    expect(soap('las', point, exactPrediction, 0.5)).toBeCloseTo(3, 2);
  });
});

function expectSimAgrees(
  name: SoapPolicyName,
  service: Distribution,
  prediction: PredictionModel,
  lambda: number,
  params: PolicyParams = {},
  jobs = 200_000,
): void {
  const value = soap(name, service, prediction, lambda, params);
  const policy = createRankPolicy(name, params);
  const sim = simulateMg1({ service, prediction, policy, lambda, jobs, seed: 7 });
  if (sim.kind !== 'ok') throw new Error(`${name}: ${sim.kind}`);
  expect(sim.ci95).toBeLessThan(0.08 * value);
  expect(Math.abs(sim.meanResponseTime - value)).toBeLessThanOrEqual(1.5 * sim.ci95);
}

describe('SOAP evaluator against the M/G/1 simulator (seed 7)', () => {
  it.each([0.5, 0.8])(
    'sprpt-bounce, exp sizes, exp predictions, lambda %s',
    (lambda) => {
      expectSimAgrees('sprpt-bounce', exp, exponentialPrediction, lambda);
    },
    20_000,
  );

  it.each([0.5, 0.8])(
    'las on weibull:0.5,0.5, lambda %s',
    (lambda) => {
      expectSimAgrees('las', weibull, exponentialPrediction, lambda, {}, 150_000);
    },
    20_000,
  );

  it('skippredict T=1 and delaypredict L=1 (external cost, exact predictions), lambda 0.8', () => {
    expectSimAgrees('skippredict', exp, exactPrediction, 0.8, { T: 1 });
    expectSimAgrees('delaypredict', exp, exactPrediction, 0.8, { L: 1 });
  }, 20_000);
});
