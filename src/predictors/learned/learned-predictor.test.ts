/**
 * The learned predictor: learns offline and online, valid distributions and remaining lengths,
 * group fallback, never throws into scheduling, predictMean, temperature fit.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { kendallTauB } from '../eval/rank-correlation.js';
import { coverageAim, fitLearnedPredictor, type TrainingExample } from './fit-learned.js';
import {
  createLearnedPredictor,
  createLearnedState,
  defaultLearnedConfig,
} from './learned-predictor.js';
import { syntheticExamples } from './synthetic-examples.test-helper.js';

const config = {
  ...defaultLearnedConfig,
  features: { ...defaultLearnedConfig.features, bits: 14 },
};

function tauOn(examples: readonly TrainingExample[], train: readonly TrainingExample[]): number {
  const predictor = createLearnedPredictor(createLearnedState(config));
  fitLearnedPredictor(predictor, train, { seed: 3 });
  return kendallTauB(
    examples.map((e) => predictor.predict(e.input).mean),
    examples.map((e) => e.outputTokens),
  );
}

describe('learned predictor', () => {
  const train = syntheticExamples(1500, 1);
  const test = syntheticExamples(400, 2);

  it('learns a synthetic keyword signal far above a shuffled-label baseline', () => {
    const rng = createRng(9);
    const labels = train.map((e) => e.outputTokens);
    for (let i = labels.length - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [labels[i], labels[j]] = [labels[j] ?? 0, labels[i] ?? 0];
    }
    const shuffled = train.map((e, i) => ({ ...e, outputTokens: labels[i] ?? 1 }));
    const learnedTau = tauOn(test, train);
    const shuffledTau = tauOn(test, shuffled);
    expect(learnedTau).toBeGreaterThan(0.6);
    expect(Math.abs(shuffledTau)).toBeLessThan(0.2);
  });

  it('learns online through observe alone', () => {
    const predictor = createLearnedPredictor(createLearnedState(config));
    for (const example of train) predictor.observe(example.input, example.outputTokens);
    const tau = kendallTauB(
      test.map((e) => predictor.predict(e.input).mean),
      test.map((e) => e.outputTokens),
    );
    expect(tau).toBeGreaterThan(0.5);
    expect(predictor.stats()['observations']).toBe(train.length);
  });

  it('predicts a valid distribution and a conditional remaining length', () => {
    const predictor = createLearnedPredictor(createLearnedState(config));
    fitLearnedPredictor(predictor, train, { seed: 3 });
    const request = { id: 'q', prompt: 'essay the ocean music', promptTokens: 5 };
    const prediction = predictor.predict(request);
    expect(prediction.buckets?.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(prediction.quantiles).toHaveLength(9);
    expect(prediction.mean).toBeGreaterThan(200);
    expect(predictor.remaining(request, 0)).toBeCloseTo(prediction.mean, 6);
    expect(predictor.remaining(request, 900)).toBeGreaterThan(0);
    // max_tokens caps the distribution
    expect(
      predictor.predict({ ...request, id: 'q2', maxTokens: 50 }).quantiles[8],
    ).toBeLessThanOrEqual(50);
  });

  it('backs off to the group histogram for unseen or empty text, and counts it', () => {
    const predictor = createLearnedPredictor(createLearnedState(config));
    fitLearnedPredictor(predictor, train, { seed: 3 });
    const before = predictor.stats()['backoffs'] ?? 0;
    const prediction = predictor.predict({ id: 'empty', prompt: '', promptTokens: 0 });
    expect(Number.isFinite(prediction.mean)).toBe(true);
    predictor.predict({ id: 'unseen', prompt: 'zqxj vwkp ypfh', promptTokens: 3 });
    expect(predictor.stats()['backoffs']).toBe(before + 2);
  });

  it('never throws into the scheduling path: failures fall back and are counted', () => {
    const predictor = createLearnedPredictor(createLearnedState(config));
    for (const example of train.slice(0, 100))
      predictor.observe(example.input, example.outputTokens);
    const hostile = {
      id: 'hostile',
      promptTokens: 4,
      get prompt(): string {
        throw new Error('prompt unavailable');
      },
    };
    const prediction = predictor.predict(hostile);
    expect(prediction.mean).toBeGreaterThan(0);
    expect(predictor.remaining(hostile, 5)).toBeGreaterThan(0);
    predictor.observe(hostile, 10);
    expect(predictor.stats()['fallbacks']).toBe(3);
  });
  it('predictMean is predict().mean exactly, learning online, with caps and fallbacks', () => {
    const cheap = createLearnedPredictor(createLearnedState(config));
    const full = createLearnedPredictor(createLearnedState(config));
    const hostile = {
      id: 'hostile',
      promptTokens: 4,
      get prompt(): string {
        throw new Error('prompt unavailable');
      },
    };
    for (const [i, example] of train.slice(0, 300).entries()) {
      const input = { ...example.input, ...(i % 3 === 0 ? { maxTokens: 1 + (i % 700) } : {}) };
      expect(cheap.predictMean?.(input)).toBe(full.predict(input).mean);
      // a second call answers from the cached prediction or distribution
      expect(cheap.predictMean?.(input)).toBe(full.predict(input).mean);
      cheap.observe(input, example.outputTokens);
      full.observe(input, example.outputTokens);
    }
    expect(cheap.predictMean?.(hostile)).toBe(full.predict(hostile).mean);
    expect(cheap.stats()).toEqual(full.stats());
  });
  it('fits the temperature so the held-out p90 covers close to the aim', () => {
    const predictor = createLearnedPredictor(createLearnedState(config));
    const report = fitLearnedPredictor(predictor, train, { seed: 3 });
    expect(report.heldOut).toBeGreaterThanOrEqual(20);
    expect(Math.abs(report.heldOutCoverage - coverageAim)).toBeLessThan(0.05);
    let covered = 0;
    for (const example of test)
      if (example.outputTokens <= (predictor.predict(example.input).quantiles[8] ?? 0)) covered++;
    expect(covered / test.length).toBeGreaterThan(0.85);
    expect(covered / test.length).toBeLessThan(0.97);
  });
});
