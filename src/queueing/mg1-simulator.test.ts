/**
 * Simulator versus known M/M/1 values at lambda = 0.5 (algorithms.md §15.4-15.6, queueing-tables.md),
 * with fixed seeds. Tolerance: 1.5 x the 95% half-width (about 3 standard errors) from batch means,
 * so a biased simulator fails while the seeded noise passes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deterministicDistribution } from '../core/distributions/deterministic.js';
import { exponentialDistribution } from '../core/distributions/exponential.js';
import { weibullDistribution } from '../core/distributions/weibull.js';
import type { PolicyParams } from '../policies/rank-policy.js';
import { createRankPolicy } from '../policies/registry.js';
import { type Mg1SimOptions, type Mg1SimResult, simulateMg1 } from './mg1-simulator.js';
import type { PredictionModel } from './prediction-model.js';
import { exactPrediction } from './prediction-models/exact-prediction.js';
import { exponentialPrediction } from './prediction-models/exponential-prediction.js';

const service = exponentialDistribution(1);

function run(
  name: string,
  params: PolicyParams = {},
  jobs = 300_000,
  prediction: PredictionModel = exponentialPrediction,
  options: Mg1SimOptions = {},
  lambda = 0.5,
  seed = 11,
): Extract<Mg1SimResult, { kind: 'ok' }> {
  const result = simulateMg1(
    { service, prediction, policy: createRankPolicy(name, params), lambda, jobs, seed },
    options,
  );
  if (result.kind !== 'ok') throw new Error(`${name}: unexpected ${result.kind}`);
  return result;
}

function expectNear(result: Extract<Mg1SimResult, { kind: 'ok' }>, expected: number): void {
  expect(result.ci95).toBeGreaterThan(0);
  expect(result.ci95).toBeLessThan(0.05 * expected);
  expect(Math.abs(result.meanResponseTime - expected)).toBeLessThanOrEqual(1.5 * result.ci95);
}

describe('simulateMg1: M/M/1, y|x ~ Exp(mean x), lambda = 0.5, against the formulas', () => {
  const known: readonly [string, PolicyParams, number][] = [
    ['fifo', {}, 2.0],
    ['sjf', {}, 1.7127],
    ['spjf', {}, 1.7948],
    ['psjf', {}, 1.5314],
    ['pspjf', {}, 1.6637],
    ['srpt', {}, 1.4254],
    ['sprpt', {}, 1.6583],
    ['onebit-p', { T: 0.905 }, 1.6972],
    ['onebit-np', { T: 0.905 }, 1.8486],
    ['threshold-p', { T: 1.278 }, 1.564],
    ['threshold-np', { T: 1.278 }, 1.782],
    ['trail', { c: 0.5 }, 1.6726],
    ['trail', { c: 0.2 }, 1.7029],
  ];
  for (const [name, params, expected] of known) {
    it(`${name} ${JSON.stringify(params)} -> ${expected}`, () => {
      const result = run(name, params);
      expectNear(result, expected);
      expect(result.jobs).toBe(240_000);
    });
  }

  it('size-blind policies that time-share (las, mlfq) keep the M/M/1 mean 1/(1 - rho) = 2', () => {
    expectNear(run('las', {}, 100_000), 2.0);
    expectNear(run('mlfq', { q0: 0.1 }, 200_000), 2.0);
  });
});

describe('simulateMg1: limiting and equivalent cases', () => {
  it('with exact predictions the predicted policies become their known-size twins', () => {
    expectNear(run('sprpt', {}, 200_000, exactPrediction), 1.4254);
    expectNear(run('pspjf', {}, 200_000, exactPrediction), 1.5314);
    expectNear(run('sprpt-bounce', {}, 200_000, exactPrediction), 1.4254);
    expectNear(run('gittins', {}, 100_000, exactPrediction), 1.4254);
  });

  it('trail c = 1 schedules exactly as SPRPT, c = 0 exactly as SPJF', () => {
    expect(run('trail', { c: 1 }, 50_000).meanResponseTime).toBeCloseTo(
      run('sprpt', {}, 50_000).meanResponseTime,
      9,
    );
    expect(run('trail', { c: 0 }, 50_000).meanResponseTime).toBeCloseTo(
      run('spjf', {}, 50_000).meanResponseTime,
      9,
    );
  });

  it('skippredict and delaypredict reduce to FCFS and SPRPT at their extremes', () => {
    const fcfs = run('fifo', {}, 50_000).meanResponseTime;
    const sprpt = run('sprpt', {}, 50_000).meanResponseTime;
    expect(run('skippredict', { T: 1e12 }, 50_000).meanResponseTime).toBeCloseTo(fcfs, 9);
    expect(run('skippredict', { T: 0 }, 50_000).meanResponseTime).toBeCloseTo(sprpt, 9);
    expect(run('delaypredict', { L: 1e12 }, 50_000).meanResponseTime).toBeCloseTo(fcfs, 9);
    expect(run('delaypredict', { L: 0 }, 50_000).meanResponseTime).toBeCloseTo(sprpt, 9);
  });

  it('gittins on the y-posterior beats every other policy that sees only y', () => {
    const gittins = run('gittins', {}, 40_000);
    const sprpt = run('sprpt', {}, 40_000);
    expect(gittins.meanResponseTime).toBeLessThan(sprpt.meanResponseTime);
    expect(gittins.meanResponseTime).toBeGreaterThan(1.4254);
  });

  it('server-time prediction costs add work and can make the system unstable', () => {
    const cheap = run('skippredict', { T: 1, c1: 0.05, c2: 0.2, serverCost: 1 }, 50_000);
    // load = lambda (E[x] + c1 + P(y > 1) c2), P(y > 1) = 2 K1(2) = 0.2797 for Exp/Exp.
    expect(cheap.load).toBeCloseTo(0.5 * (1 + 0.05 + 0.2797 * 0.2), 2);
    const policy = createRankPolicy('skippredict', { c1: 1.5, serverCost: 1 });
    const result = simulateMg1({
      service,
      prediction: exponentialPrediction,
      policy,
      lambda: 0.5,
      jobs: 5_000,
      seed: 1,
    });
    expect(result.kind).toBe('unstable');
  });

  it('heavy tails: Weibull(1/2, 1/2) service (Table 3 setting) against the SOAP formulas', () => {
    // Formula values from src/queueing/analytic (algorithms.md §15.2) at lambda = 0.5, Exp predictions.
    const weibull = weibullDistribution(0.5, 0.5);
    for (const [name, expected] of [
      ['srpt', 1.4102],
      ['sprpt', 1.942],
    ] as const) {
      const result = simulateMg1({
        service: weibull,
        prediction: exponentialPrediction,
        policy: createRankPolicy(name),
        lambda: 0.5,
        jobs: 300_000,
        seed: 21,
      });
      if (result.kind !== 'ok') throw new Error('unstable');
      expectNear(result, expected);
    }
  });

  it('las on Weibull service matches the foreground-background formula (time-sharing path)', () => {
    // FB (Kleinrock): T(x) = lambda E[min(S,x)^2] / (2 (1 - rho_x)^2) + x / (1 - rho_x),
    // rho_x = lambda E[min(S,x)]; integrated on a log grid. Weibull: LAS is far from FIFO (4.0).
    const weibull = weibullDistribution(0.5, 0.5);
    const lambda = 0.5;
    const steps = 20_000;
    const low = Math.log(1e-9);
    const high = Math.log(2000);
    let m1 = 0;
    let m2 = 0;
    let expected = 0;
    let previous = { x: 0, tail: 1, integrand: 0 };
    for (let i = 0; i <= steps; i++) {
      const x = Math.exp(low + ((high - low) * i) / steps);
      const tail = 1 - weibull.cdf(x);
      const dx = x - previous.x;
      m1 += 0.5 * (tail + previous.tail) * dx;
      m2 += (x * tail + previous.x * previous.tail) * dx;
      const rho = lambda * m1;
      const integrand = weibull.pdf(x) * ((lambda * m2) / (2 * (1 - rho) ** 2) + x / (1 - rho));
      expected += 0.5 * (integrand + previous.integrand) * dx;
      previous = { x, tail, integrand };
    }
    expect(expected).toBeCloseTo(1.8216, 3);
    const result = simulateMg1({
      service: weibull,
      prediction: exponentialPrediction,
      policy: createRankPolicy('las'),
      lambda,
      jobs: 200_000,
      seed: 5,
    });
    if (result.kind !== 'ok') throw new Error('unstable');
    expectNear(result, expected);
  });

  it('gittins with an uninformative prediction on Weibull (DHR) service behaves as las (1.8216)', () => {
    // y independent of x: the posterior is the prior; for decreasing hazard Gittins = FB.
    const blind: PredictionModel = {
      spec: 'blind',
      exact: false,
      sample: (_x, rng) => -Math.log(1 - rng.next()),
      density: (y) => Math.exp(-y),
      cdf: (y) => 1 - Math.exp(-y),
    };
    const result = simulateMg1({
      service: weibullDistribution(0.5, 0.5),
      prediction: blind,
      policy: createRankPolicy('gittins'),
      lambda: 0.5,
      jobs: 200_000,
      seed: 5,
    });
    if (result.kind !== 'ok') throw new Error('unstable');
    expectNear(result, 1.8216);
  });

  it('M/D/1 FIFO matches Pollaczek-Khinchine (1.5 at lambda = 0.5)', () => {
    const result = simulateMg1({
      service: deterministicDistribution(1),
      prediction: exactPrediction,
      policy: createRankPolicy('fifo'),
      lambda: 0.5,
      jobs: 200_000,
      seed: 3,
    });
    if (result.kind !== 'ok') throw new Error('unstable');
    expectNear(result, 1.5);
  });
});

describe('simulateMg1: contract', () => {
  it('is deterministic: same seed, same result; another seed, another result', () => {
    const first = run('sprpt-bounce', {}, 20_000);
    expect(run('sprpt-bounce', {}, 20_000)).toEqual(first);
    expect(run('sprpt-bounce', {}, 20_000, exponentialPrediction, {}, 0.5, 12)).not.toEqual(first);
  });

  it('measures the middle job ids only (warmupFraction at each end)', () => {
    expect(run('fifo', {}, 20_000).jobs).toBe(16_000);
    expect(run('fifo', {}, 20_000, exponentialPrediction, { warmupFraction: 0.25 }).jobs).toBe(
      10_000,
    );
    expect(run('fifo', {}, 20_000, exponentialPrediction, { warmupFraction: 0 }).jobs).toBe(20_000);
  });

  it('reports unstable when lambda * E[S] >= 1', () => {
    const result = simulateMg1({
      service,
      prediction: exponentialPrediction,
      policy: createRankPolicy('fifo'),
      lambda: 1,
      jobs: 1000,
      seed: 1,
    });
    expect(result).toEqual({ kind: 'unstable', load: 1 });
  });

  it('rejects bad input with one clear line', () => {
    const config = {
      service,
      prediction: exponentialPrediction,
      policy: createRankPolicy('fifo'),
      lambda: 0.5,
      jobs: 10_000,
      seed: 1,
    };
    expect(() => simulateMg1({ ...config, lambda: 0 })).toThrow(/lambda must be > 0/);
    expect(() => simulateMg1({ ...config, jobs: 50 })).toThrow(/at least 200 measured jobs/);
    expect(() => simulateMg1(config, { quantum: 0 })).toThrow(/quantum must be > 0/);
  });

  it('SRPT minimises the total response time on every sample path (Schrage)', () => {
    const others = ['fifo', 'spjf', 'sprpt', 'las', 'onebit-p', 'trail', 'sprpt-bounce'] as const;
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.9, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom(...others),
        (lambda, seed, name) => {
          const options = { warmupFraction: 0 };
          const srpt = run('srpt', {}, 3_000, exponentialPrediction, options, lambda, seed);
          const other = run(name, {}, 3_000, exponentialPrediction, options, lambda, seed);
          expect(srpt.meanResponseTime).toBeLessThanOrEqual(other.meanResponseTime * (1 + 1e-12));
        },
      ),
      { numRuns: 40, seed: 5 },
    );
  });
});
