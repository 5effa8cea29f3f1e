/**
 * The generated GGUF model: float16 rounding, determinism per seed, and the GGUF v3 layout
 * llama.cpp expects.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readGgufFileInfo } from 'node-llama-cpp';
import { afterAll, describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from './float16.js';
import { buildLlamaGguf, ensureGeneratedModel } from './generate-model.js';
import { modelPresets } from './model-config.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsched-gguf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('float16', () => {
  it('round-trips representable values and rounds to nearest', () => {
    for (const x of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, 0.0999755859375]) {
      expect(fromFloat16Bits(toFloat16Bits(x))).toBe(x);
    }
    expect(fromFloat16Bits(toFloat16Bits(1 + 2 ** -12))).toBe(1);
    expect(fromFloat16Bits(toFloat16Bits(1e6))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('generated GGUF', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = buildLlamaGguf(modelPresets.tiny, 3);
    expect(sha(buildLlamaGguf(modelPresets.tiny, 3))).toBe(sha(a));
    expect(sha(buildLlamaGguf(modelPresets.tiny, 4))).not.toBe(sha(a));
  });

  it('is a valid GGUF v3 with the llama keys and tensor layout llama.cpp expects', async () => {
    const path = ensureGeneratedModel({
      label: 'tiny',
      shape: modelPresets.tiny,
      seed: 1,
      cacheDir: dir,
    });
    expect(existsSync(path)).toBe(true);
    expect(
      ensureGeneratedModel({ label: 'tiny', shape: modelPresets.tiny, seed: 1, cacheDir: dir }),
    ).toBe(path);
    const info = await readGgufFileInfo(path, { readTensorInfo: true });
    expect(info.version).toBe(3);
    const arch = info.architectureMetadata as Record<string, unknown>;
    expect(arch['block_count']).toBe(2);
    expect(arch['embedding_length']).toBe(64);
    const names = (info.fullTensorInfo ?? []).map((t) => t.name);
    expect(names).toContain('blk.1.ffn_down.weight');
    expect(names).toContain('output.weight');
    const embd = info.fullTensorInfo?.find((t) => t.name === 'token_embd.weight');
    expect(embd?.dimensions.map(Number)[0]).toBe(64);
    const tokens = (info.metadata as unknown as { tokenizer: { ggml: { tokens: string[] } } })
      .tokenizer.ggml.tokens;
    expect(tokens.slice(0, 4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(tokens).toContain('▁the');
  });
});
