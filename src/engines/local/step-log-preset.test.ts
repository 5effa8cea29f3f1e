/**
 * `presetFromStepLog`: a cost preset fitted to an engine step log recovers held-out busy time,
 * drops interference spikes, and refuses an empty log.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { createLinearStepCost } from '../../sim/cost/linear-step-cost.js';
import { fitLinearStep } from './fit-linear-step.js';
import { type LoggedStep, presetFromStepLog } from './step-log-preset.js';

const truth = {
  base: 0.0002,
  perPrefillToken: 0.0002,
  perDecodeToken: 0.0005,
  perDecodeContextToken: 2e-6,
  perPrefillAttention: 1e-7,
  perSequence: 0.0008,
};

/** A replay-like log: mostly 1-2 decodes, some prefill chunks, noise of +-5%. */
function log(seed: number, n: number): LoggedStep[] {
  const rng = createRng(seed);
  const cost = createLinearStepCost({ name: 't', kind: 'linear-step', coefficients: truth });
  return Array.from({ length: n }, () => {
    const prefill = rng.next() < 0.15;
    const t = prefill ? 8 + (rng.nextUint32() % 249) : 0;
    const c = prefill ? rng.nextUint32() % 512 : 0;
    const decodes = prefill ? rng.nextUint32() % 2 : 1 + (rng.nextUint32() % 2);
    const batch = {
      prefillSeqs: prefill ? 1 : 0,
      prefillTokens: t,
      prefillAttention: t * (c + t / 2),
      decodeSeqs: decodes,
      decodeContext: decodes * (16 + (rng.nextUint32() % 900)),
    };
    return { ...batch, iterationSeconds: cost.stepSeconds(batch) * (0.95 + 0.1 * rng.next()) };
  });
}

describe('presetFromStepLog', () => {
  it('recovers busy time of a held-out log within a few percent', () => {
    const preset = presetFromStepLog(log(1, 600), {
      name: 'cal',
      kvCapacityTokens: 2048,
      description: 'test',
    });
    expect(preset.fit.spikes).toBe(0);
    expect(preset.fit.interferenceScale).toBeGreaterThan(0.98);
    expect(preset.fit.interferenceScale).toBeLessThan(1.02);
    const cost = createLinearStepCost(preset);
    const test = log(2, 600);
    const predicted = test.reduce((s, x) => s + cost.stepSeconds(x), 0);
    const measured = test.reduce((s, x) => s + x.iterationSeconds, 0);
    expect(Math.abs(predicted / measured - 1)).toBeLessThan(0.03);
    expect(preset.coefficients.perPrefillToken).toBeGreaterThan(0);
  });

  it('drops interference spikes from the shape, keeps their mean time as a scale', () => {
    const clean = log(3, 600);
    // every 50th step held up 100 ms by another process
    const noisy = clean.map((s, i) =>
      i % 50 === 0 ? { ...s, iterationSeconds: s.iterationSeconds + 0.1 } : s,
    );
    const preset = presetFromStepLog(noisy, { name: 'n', kvCapacityTokens: 1, description: '' });
    expect(preset.fit.spikes).toBe(12);
    const measured = noisy.reduce((s, x) => s + x.iterationSeconds, 0);
    const cost = createLinearStepCost(preset);
    expect(noisy.reduce((s, x) => s + cost.stepSeconds(x), 0) / measured).toBeCloseTo(1, 6);
    // the shape is the clean one: the ratio of a long prefill to a decode is kept within 10%
    const ratio = (c: typeof truth): number =>
      (c.base + 256 * c.perPrefillToken + 256 * 128 * c.perPrefillAttention + c.perSequence) /
      (c.base + c.perDecodeToken + 500 * c.perDecodeContextToken + c.perSequence);
    const got = ratio(preset.coefficients as typeof truth);
    expect(Math.abs(got / ratio(truth) - 1)).toBeLessThan(0.1);
  });

  it('absolute weighting fits summed time; relative weighting fits ratios', () => {
    // two regimes the linear model cannot both match: absolute favours the long steps
    const points = [
      {
        batch: {
          prefillSeqs: 0,
          prefillTokens: 0,
          prefillAttention: 0,
          decodeSeqs: 1,
          decodeContext: 0,
        },
        seconds: 0.002,
      },
      {
        batch: {
          prefillSeqs: 0,
          prefillTokens: 0,
          prefillAttention: 0,
          decodeSeqs: 2,
          decodeContext: 0,
        },
        seconds: 0.002,
      },
      {
        batch: {
          prefillSeqs: 0,
          prefillTokens: 0,
          prefillAttention: 0,
          decodeSeqs: 20,
          decodeContext: 0,
        },
        seconds: 0.2,
      },
    ];
    const total = (c: ReturnType<typeof fitLinearStep>['coefficients']): number =>
      points.reduce(
        (s, p) => s + c.base + (c.perDecodeToken + c.perSequence) * p.batch.decodeSeqs,
        0,
      );
    const absolute = fitLinearStep(points, 'absolute');
    const relative = fitLinearStep(points, 'relative');
    expect(Math.abs(total(absolute.coefficients) - 0.204)).toBeLessThan(
      Math.abs(total(relative.coefficients) - 0.204),
    );
    expect(relative.rmsRelativeError).toBeLessThan(absolute.rmsRelativeError);
  });

  it('refuses an empty log', () => {
    expect(() =>
      presetFromStepLog([], { name: 'x', kvCapacityTokens: 1, description: '' }),
    ).toThrow(/empty/);
  });
});
