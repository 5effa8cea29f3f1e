/**
 * `checkGgufFile`: reads a valid header and refuses bad files (magic, size, version, truncation,
 * no tensors, missing path) in one line naming the file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedulerError } from '../../core/errors.js';
import { checkGgufFile } from './gguf-header.js';
import { encodeGguf } from './gguf-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsched-gguf-'));
const good = encodeGguf(
  new Map([
    ['general.architecture', { kind: 'string', value: 'llama' }],
    ['llama.context_length', { kind: 'uint32', value: 512 }],
    ['tokenizer.ggml.tokens', { kind: 'string[]', value: ['a', 'b', 'c'] }],
    ['tokenizer.ggml.scores', { kind: 'float32[]', value: [0, 1, 2] }],
  ] as const),
  [
    { name: 'w1', dims: [4, 2], type: 'f32', data: new Float32Array(8) },
    { name: 'w2', dims: [8], type: 'f16', data: new Float32Array(8) },
  ],
);

function problem(bytes: Uint8Array): string {
  const path = join(dir, `m${Math.random().toString(36).slice(2)}.gguf`);
  writeFileSync(path, bytes);
  try {
    checkGgufFile(path);
  } catch (error) {
    expect(error).toBeInstanceOf(SchedulerError);
    expect((error as SchedulerError).code).toBe('MODEL_INVALID');
    return (error as Error).message.slice(path.length + 2);
  }
  throw new Error('expected MODEL_INVALID');
}

describe('checkGgufFile', () => {
  it('reads version, tensor count, architecture and trained context of a valid file', () => {
    const path = join(dir, 'good.gguf');
    writeFileSync(path, good);
    expect(checkGgufFile(path)).toEqual({
      version: 3,
      tensors: 2,
      architecture: 'llama',
      contextLength: 512,
    });
  });
  it('refuses, in one line naming the file: wrong magic, 4-byte file, bad version, truncation, no tensors', () => {
    expect(problem(Buffer.from('PK\u0003\u0004rest'))).toBe(
      'not a GGUF file (starts with "PK\\u0003\\u0004", expected "GGUF")',
    );
    expect(problem(Buffer.from('GGUF'))).toMatch(/^truncated: the file ends inside the version/);
    const v9 = Buffer.from(good);
    v9.writeUInt32LE(9, 4);
    expect(problem(v9)).toBe('GGUF version 9 is not supported (expected 2 or 3)');
    expect(problem(good.subarray(0, 60))).toMatch(/^truncated: /);
    expect(problem(good.subarray(0, good.length - 24))).toMatch(
      /^truncated: tensor 'w2' ends at byte/,
    );
    const empty = encodeGguf(
      new Map([['general.architecture', { kind: 'string', value: 'llama' }]] as const),
      [],
    );
    expect(problem(empty)).toBe('no tensors (a GGUF model needs its weights)');
    const huge = Buffer.from(good);
    huge.writeBigUInt64LE(1n << 40n, 8); // tensor count
    expect(problem(huge)).toMatch(/^implausible tensor count/);
  });
  it('names a missing file and a directory', () => {
    expect(() => checkGgufFile(join(dir, 'nope.gguf'))).toThrow(/no such file/);
    expect(() => checkGgufFile(dir)).toThrow(/not a regular file/);
  });
});
