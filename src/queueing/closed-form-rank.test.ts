/**
 * `RankPolicy.closedForm` and the M/G/1 loop that uses it (mg1-closed-form-run.ts):
 * - every registry policy that declares a closed form ranks exactly as it says (same numbers as
 *   its `rank`, for any size, prediction and age);
 * - the specialised loop gives the same result, bit for bit, as the generic loops do with the
 *   policy's `rank` (the same policy with its `closedForm` removed), on light and heavy tails and
 *   at low and high load;
 * - the progress hook is observe-only: called every `progressEvery` arrivals, same results.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deterministicDistribution } from '../core/distributions/deterministic.js';
import type { Distribution } from '../core/distributions/distribution.js';
import { exponentialDistribution } from '../core/distributions/exponential.js';
import { hyperexponentialDistribution } from '../core/distributions/hyperexponential.js';
import { weibullDistribution } from '../core/distributions/weibull.js';
import type { RankPolicy } from '../policies/rank-policy.js';
import { createRankPolicy, rankPolicyNames } from '../policies/registry.js';
import { type Mg1SimResult, progressEvery, simulateMg1 } from './mg1-simulator.js';
import type { PredictionModel } from './prediction-model.js';
import { exactPrediction } from './prediction-models/exact-prediction.js';
import { exponentialPrediction } from './prediction-models/exponential-prediction.js';

const withClosedForm = rankPolicyNames
  .map((name) => createRankPolicy(name))
  .filter((policy) => policy.closedForm !== undefined);

/** The same policy without the capability: the simulator then calls `rank`. */
function generic(policy: RankPolicy): RankPolicy {
  const { closedForm: _dropped, ...rest } = policy;
  return rest;
}

describe('closedForm', () => {
  it('is declared by the simple size-based policies', () => {
    expect(withClosedForm.map((policy) => policy.name).sort()).toEqual(
      ['fifo', 'las', 'psjf', 'pspjf', 'sjf', 'spjf', 'sprpt', 'srpt'].sort(),
    );
  });

  for (const policy of withClosedForm) {
    it(`${policy.name}: rank(view) is (tier, base + slope * age), slope, until Infinity`, () => {
      const form = policy.closedForm;
      if (!form) throw new Error('filtered above');
      fc.assert(
        fc.property(
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.double({ min: 0, max: 1e6, noNaN: true }),
          fc.nat(),
          (size, predictedSize, age, seq) => {
            const view = { seq, arrivalTime: seq / 2, age, size, predictedSize };
            const base = form.base === 'zero' ? 0 : view[form.base];
            const rank = policy.rank(view);
            expect(rank.tier).toBe(form.tier);
            expect(rank.key).toBe(base + form.slope * age);
            expect(rank.slope).toBe(form.slope);
            expect(rank.until).toBe(Number.POSITIVE_INFINITY);
          },
        ),
        { numRuns: 300, seed: 7 },
      );
    });
  }
});

describe('simulateMg1 with closed-form ranks', () => {
  const cases: readonly [string, Distribution, PredictionModel, number][] = [
    ['M/M/1, y ~ Exp(x), lambda 0.9', exponentialDistribution(1), exponentialPrediction, 0.9],
    ['M/M/1, exact, lambda 0.5', exponentialDistribution(1), exactPrediction, 0.5],
    ['Weibull(1/2, 1/2), lambda 0.8', weibullDistribution(0.5, 0.5), exponentialPrediction, 0.8],
    ['M/D/1, lambda 0.7 (ties everywhere)', deterministicDistribution(1), exactPrediction, 0.7],
    // rare jobs of mean 500 pile up over 1024 waiting jobs: the store grows mid-chunk
    [
      'hyperexponential, lambda 0.95 (the store grows)',
      hyperexponentialDistribution(0.999, 0.5, 500),
      exponentialPrediction,
      0.95,
    ],
  ];
  for (const [label, service, prediction, lambda] of cases) {
    it(`same results as the generic loops: ${label}`, () => {
      for (const policy of withClosedForm) {
        const config = { service, prediction, lambda, jobs: 40_000, seed: 5 };
        const fast = simulateMg1({ ...config, policy });
        const slow = simulateMg1({ ...config, policy: generic(policy) });
        expect(fast.kind).toBe('ok');
        expect({ policy: policy.name, ...fast }).toEqual({ policy: policy.name, ...slow });
      }
    });
  }
});

describe('simulateMg1 progress hook', () => {
  const jobs = 3 * progressEvery + 1234;
  const config = {
    service: exponentialDistribution(1),
    prediction: exponentialPrediction,
    lambda: 0.8,
    jobs,
    seed: 3,
  };
  for (const name of ['sprpt', 'fifo', 'las', 'gittins']) {
    it(`${name}: called at every ${progressEvery} arrivals; results unchanged`, () => {
      const policy = createRankPolicy(name);
      const seen: number[] = [];
      const observed: Mg1SimResult = simulateMg1(
        { ...config, policy },
        { onProgress: (arrived) => seen.push(arrived) },
      );
      expect(seen).toEqual([1, 2, 3].map((k) => k * progressEvery));
      expect(observed).toEqual(simulateMg1({ ...config, policy }));
    });
  }
});
