/**
 * `llmsched predict` end to end: eval/train contracts, online and leave-one-dataset-out
 * evaluation, one-line errors for bad flags and files.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../../core/rng.js';
import { registerPredict } from './predict.js';

/** A small generated dataset in the shared normalized JSONL format (no ../shared needed). */
function writeDataset(file: string, count: number, seed: number): void {
  const rng = createRng(seed);
  const kinds = [
    ['In one word, name', 3],
    ['List the steps to', 60],
    ['Write a long essay on', 500],
  ] as const;
  const lines = Array.from({ length: count }, (_, i) => {
    const [lead, length] = kinds[i % kinds.length] ?? kinds[0];
    const prompt = `${lead} topic ${Math.floor(rng.next() * 1000)}`;
    const responseTokens = Math.max(1, Math.round(length * (0.7 + 0.6 * rng.next())));
    return JSON.stringify({
      id: `g-${seed}-${i}`,
      task: 'generated',
      prompt,
      response: '',
      prompt_tokens: 6,
      response_tokens: responseTokens,
      meta: {},
    });
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
}

async function run(args: string[]): Promise<string> {
  const program = new Command('llmsched').exitOverride();
  registerPredict(program);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(['node', 'llmsched', ...args]);
    return write.mock.calls.map((call) => String(call[0])).join('');
  } finally {
    write.mockRestore();
  }
}

describe('llmsched predict', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-predict-'));
  const train = join(dir, 'train.jsonl');
  const test = join(dir, 'test.jsonl');
  writeDataset(train, 600, 1);
  writeDataset(test, 150, 2);

  it('eval --json prints exactly the contract fields', async () => {
    const output = await run([
      'predict',
      'eval',
      '--train',
      train,
      '--test',
      test,
      '--predictor',
      'learned',
      '--json',
    ]);
    const result = JSON.parse(output) as Record<string, number | string>;
    expect(Object.keys(result)).toEqual([
      'predictor',
      'n',
      'kendallTau',
      'spearman',
      'maeTokens',
      'medianAbsRelError',
      'bucketAccuracy',
      'p90Coverage',
      'predictMicros',
    ]);
    expect(result['n']).toBe(150);
    expect(result['kendallTau']).toBeGreaterThan(0.6);
  });

  it('eval --data --split works, and train + eval --model round-trips', async () => {
    const split = JSON.parse(
      await run([
        'predict',
        'eval',
        '--data',
        `${train},${test}`,
        '--split',
        '0.8',
        '--predictor',
        'group-median',
        '--json',
      ]),
    ) as Record<string, number>;
    expect(split['n']).toBeGreaterThan(50);
    const model = join(dir, 'model.json');
    expect(await run(['predict', 'train', '--data', train, '--out', model])).toContain(model);
    const loaded = JSON.parse(
      await run(['predict', 'eval', '--model', model, '--test', test, '--json']),
    ) as Record<string, number>;
    expect(loaded['kendallTau']).toBeGreaterThan(0.6);
  });

  it('rejects bad flags and files with one-line errors', async () => {
    await expect(run(['predict', 'eval', '--data', train, '--split', '2'])).rejects.toThrow(
      '--split',
    );
    await expect(
      run(['predict', 'eval', '--train', join(dir, 'nope.jsonl'), '--test', test]),
    ).rejects.toThrow('nope.jsonl');
    await expect(
      run(['predict', 'eval', '--train', train, '--test', test, '--predictor', 'bogus']),
    ).rejects.toThrow('bogus');
    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, '{"prompt": "x"}\n');
    await expect(run(['predict', 'eval', '--train', broken, '--test', test])).rejects.toThrow(
      'broken.jsonl:1',
    );
  });

  it('eval --online streams any files in any order and reports per-window tau', async () => {
    const other = join(dir, 'other.jsonl');
    writeDataset(other, 90, 3);
    const output = await run([
      'predict',
      'eval',
      '--online',
      '--data',
      `${other},${train}`,
      '--order',
      'interleave',
      '--predictor',
      'transfer',
      '--window',
      '100',
      '--warmup',
      '100',
      '--json',
    ]);
    const result = JSON.parse(output) as {
      n: number;
      windows: { start: number; n: number; kendallTau: number }[];
      afterWarmup: { n: number; kendallTau: number };
    };
    expect(result.n).toBe(690);
    expect(result.windows.map((w) => w.start)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(result.afterWarmup.n).toBe(590);
    expect(result.afterWarmup.kendallTau).toBeGreaterThan(0.5);
    const table = await run(['predict', 'eval', '--online', '--data', train, '--limit', '50']);
    expect(table).toContain('after warm-up');
  });

  it('eval --lodo scores each file trained on the others; train --predictor transfer round-trips', async () => {
    const other = join(dir, 'other2.jsonl');
    writeDataset(other, 120, 4);
    const result = JSON.parse(
      await run([
        'predict',
        'eval',
        '--lodo',
        '--data',
        `${train},${other}`,
        '--predictor',
        'transfer',
        '--json',
      ]),
    ) as { perDataset: { dataset: string; n: number }[]; pooled: { n: number } };
    expect(result.perDataset.map((r) => [r.dataset, r.n])).toEqual([
      [train, 600],
      [other, 120],
    ]);
    expect(result.pooled.n).toBe(720);
    const model = join(dir, 'transfer.json');
    expect(
      await run(['predict', 'train', '--predictor', 'transfer', '--data', train, '--out', model]),
    ).toContain('trained transfer');
    const loaded = JSON.parse(
      await run(['predict', 'eval', '--model', model, '--test', test, '--json']),
    ) as Record<string, number>;
    expect(loaded['n']).toBe(150);
  });

  it('rejects empty streams, prompt-less datasets and mismatched model files with one line', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n');
    await expect(run(['predict', 'eval', '--online', '--data', empty])).rejects.toThrow(
      /empty\.jsonl: the stream is empty/,
    );
    await expect(run(['predict', 'eval', '--lodo', '--data', `${empty},${train}`])).rejects.toThrow(
      /empty\.jsonl: no examples/,
    );
    const noPrompt = join(dir, 'noprompt.jsonl');
    writeFileSync(noPrompt, '{"response_tokens": 5}\n');
    await expect(run(['predict', 'eval', '--online', '--data', noPrompt])).rejects.toThrow(
      /noprompt\.jsonl:1: missing string field 'prompt'/,
    );
    const learnedModel = join(dir, 'learned-for-mismatch.json');
    await run(['predict', 'train', '--data', train, '--out', learnedModel]);
    const text = JSON.parse(readFileSync(learnedModel, 'utf8')) as Record<string, unknown>;
    const wrongVersion = join(dir, 'wrong-version.json');
    writeFileSync(wrongVersion, JSON.stringify({ ...text, version: 7 }));
    await expect(
      run(['predict', 'eval', '--online', '--data', train, '--model', wrongVersion]),
    ).rejects.toThrow(/wrong-version\.json: .*version 7/);
    await expect(
      run(['predict', 'eval', '--online', '--data', train, '--order', 'random']),
    ).rejects.toThrow(/--order must be one of/);
    await expect(
      run(['predict', 'eval', '--online', '--data', train, '--window', '0']),
    ).rejects.toThrow(/--window must be a positive integer/);
  });
});
