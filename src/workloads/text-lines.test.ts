/**
 * Line sources: a streamed file splits exactly as the in-memory reader, stops on request, and
 * refuses over-long lines.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileLines, type LineSource, LineTooLongError, textLines } from './text-lines.js';

function collect(source: LineSource, stopAfter = Number.POSITIVE_INFINITY): [number, string][] {
  const seen: [number, string][] = [];
  source((line, n) => {
    seen.push([n, line]);
    return seen.length < stopAfter;
  });
  return seen;
}

describe('line sources', () => {
  const dir = mkdtempSync(join(tmpdir(), 'llmsched-lines-'));
  // multi-byte characters, CRLF, blank lines and no final newline, over many small chunks
  const lines = Array.from({ length: 200 }, (_, i) =>
    i % 7 === 3 ? '' : `${i},é€😀 row ${'x'.repeat(i % 13)}`,
  );
  const body = `${lines.join('\r\n')}\n\nlast`;
  const path = join(dir, 't.csv');
  writeFileSync(path, body);

  it('streams a file exactly as the in-memory reader splits it, across chunk boundaries', () => {
    const expected = collect(textLines(body));
    expect(expected.at(-1)).toEqual([202, 'last']);
    for (const chunkBytes of [1, 7, 64, 1 << 20]) {
      expect(collect(fileLines(path, { chunkBytes }))).toEqual(expected);
    }
  });
  it('stops when the visitor returns false', () => {
    expect(collect(fileLines(path, { chunkBytes: 5 }), 3)).toEqual(collect(textLines(body), 3));
  });
  it('refuses a line longer than the limit instead of growing without bound', () => {
    const big = join(dir, 'big.bin');
    writeFileSync(big, 'a'.repeat(5000));
    expect(() => collect(fileLines(big, { chunkBytes: 256, maxLineChars: 1000 }))).toThrow(
      LineTooLongError,
    );
  });
});
