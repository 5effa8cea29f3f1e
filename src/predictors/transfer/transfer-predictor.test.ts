/**
 * The transfer predictor: prior order before training, groups taking over, drift reset, fixed
 * predictions per request, fitted offsets.
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import type { PredictorInput } from '../predictor.js';
import { fitTransferModel } from './fit-transfer.js';
import { createTransferPredictor } from './transfer-predictor.js';

function request(id: string, prompt: string, extra: Partial<PredictorInput> = {}): PredictorInput {
  return { id, prompt, promptTokens: Math.ceil(prompt.length / 4), ...extra };
}

describe('transfer predictor', () => {
  it('orders answer forms by the prior before any training', () => {
    const predictor = createTransferPredictor();
    const command = predictor.predict(request('a', 'List all files in the current directory'));
    const essay = predictor.predict(request('b', 'Write a long essay about the history of Rome'));
    expect(essay.mean).toBeGreaterThan(4 * command.mean);
    expect(essay.quantiles).toHaveLength(9);
    for (let k = 1; k < 9; k++)
      expect(essay.quantiles[k] ?? 0).toBeGreaterThanOrEqual(essay.quantiles[k - 1] ?? 0);
    const probs = essay.buckets?.probs ?? [];
    expect(probs.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 9);
  });

  it('lets a group take over once it has enough observations', () => {
    const predictor = createTransferPredictor();
    const rng = createRng(5);
    // an application whose answers are ~2000 tokens, far above the chat prior
    const app = (i: number): PredictorInput =>
      request(`r${i}`, `Hello number ${i}`, { group: 'report-writer' });
    const before = predictor.predict(app(0)).mean;
    for (let i = 1; i <= 60; i++)
      predictor.observe(app(i), Math.round(2000 * (0.8 + 0.4 * rng.next())));
    const after = predictor.predict(app(1000));
    expect(before).toBeLessThan(700);
    expect(after.mean).toBeGreaterThan(1300);
    expect(after.mean).toBeLessThan(3000);
    // another group is unaffected by the group key (only the deployment-wide statistics move)
    expect(predictor.stats()['groups']).toBeGreaterThanOrEqual(2);
  });

  it('resets a group whose lengths shift (drift guard) and follows the new level', () => {
    const predictor = createTransferPredictor(undefined, {
      onlineWords: false,
      groupStatistics: true,
    });
    const app = (i: number): PredictorInput => request(`d${i}`, 'Hi', { group: 'bot' });
    for (let i = 0; i < 200; i++) predictor.observe(app(i), 40 + (i % 7));
    expect(predictor.stats()['driftResets']).toBe(0);
    for (let i = 200; i < 260; i++) predictor.observe(app(i), 900 + (i % 7) * 10);
    expect(predictor.stats()['driftResets']).toBeGreaterThanOrEqual(1);
    expect(predictor.predict(app(10_000)).mean).toBeGreaterThan(500);
  });

  it('keeps a prediction fixed per request id and gives non-negative remaining lengths', () => {
    const predictor = createTransferPredictor();
    const r = request('x', 'Explain photosynthesis');
    const first = predictor.predict(r);
    predictor.observe(request('y', 'Explain photosynthesis again'), 5);
    expect(predictor.predict(r)).toBe(first);
    expect(predictor.remaining(r, 0)).toBeGreaterThan(0);
    expect(predictor.remaining(r, 100_000)).toBeGreaterThanOrEqual(0);
    expect(
      predictor.predict({ ...r, id: 'capped', maxTokens: 20 }).quantiles[8],
    ).toBeLessThanOrEqual(20);
  });

  it('fits offsets for the forms seen in training and keeps the prior elsewhere', () => {
    const examples = Array.from({ length: 400 }, (_, i) => ({
      input: request(`f${i}`, `Find the file number ${i} in the directory`),
      outputTokens: 200,
      source: i % 2 === 0 ? 'a' : 'b',
    }));
    const { model, report } = fitTransferModel(examples, {});
    expect(report.sources).toBe(2);
    const fitted = createTransferPredictor(model);
    const bare = createTransferPredictor();
    const command = request('q', 'Find the file called notes in the directory');
    expect(fitted.predict(command).mean).toBeGreaterThan(2 * bare.predict(command).mean);
    const essay = request('e', 'Write a poem about the sea');
    expect(fitted.coldMu(essay)).toBeCloseTo(bare.coldMu(essay), 6);
  });
});
