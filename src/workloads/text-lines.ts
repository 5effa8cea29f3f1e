/**
 * Line sources for the trace readers. A `LineSource` calls `visit(line, lineNumber)` for every
 * non-blank line (1-based numbers, `\r` stripped) until `visit` returns `false` (the `requests`
 * limit). `textLines` walks text already in memory; `fileLines` streams a file in 1 MiB chunks, so
 * a reader never holds the whole file (a 50 MB trace costs its parsed requests, not its text).
 *
 * @example
 * textLines('a\nb\n')((line, n) => { console.log(n, line); return true; });
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Called with each line and its 1-based number; returning false stops the visit. */
export type LineVisitor = (line: string, lineNumber: number) => boolean;
export type LineSource = (visit: LineVisitor) => void;

/** Visits the lines of `text` (no regexes, no array of the whole file). */
export function forEachLine(text: string, visit: LineVisitor): boolean {
  let start = 0;
  let lineNumber = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    lineNumber += 1;
    if (!visitOne(text, start, end, lineNumber, visit)) return false;
    start = end + 1;
  }
  return true;
}

function visitOne(
  text: string,
  start: number,
  end: number,
  lineNumber: number,
  visit: LineVisitor,
): boolean {
  let stop = end;
  if (stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
  if (stop <= start) return true;
  const line = text.slice(start, stop);
  return line.trim() === '' || visit(line, lineNumber);
}

/** The lines of text in memory. */
export function textLines(text: string): LineSource {
  return (visit) => {
    forEachLine(text, visit);
  };
}

const defaultChunkBytes = 1 << 20;
/** A longer line is an error, not an out-of-memory crash (e.g. a binary file given as a trace). */
export const maxLineChars = 64 << 20;

/** Thrown by `fileLines` when a line exceeds `maxLineChars`. */
export class LineTooLongError extends Error {
  readonly lineNumber: number;
  constructor(lineNumber: number, limit: number) {
    super(`line ${lineNumber} is longer than ${limit} characters (not a text trace?)`);
    this.lineNumber = lineNumber;
  }
}

/**
 * The lines of a file, read synchronously in 1 MiB chunks (UTF-8 split safely across chunks).
 * Memory: one chunk plus the longest line. I/O errors propagate as Node's errors (`code` set).
 */
export function fileLines(
  path: string,
  limits: { readonly chunkBytes?: number; readonly maxLineChars?: number } = {},
): LineSource {
  const chunkBytes = limits.chunkBytes ?? defaultChunkBytes;
  const maxLine = limits.maxLineChars ?? maxLineChars;
  return (visit) => {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const decoder = new StringDecoder('utf8');
      let carry = '';
      let lineNumber = 0;
      for (;;) {
        const read = readSync(fd, buffer, 0, chunkBytes, null);
        const text =
          read > 0 ? carry + decoder.write(buffer.subarray(0, read)) : carry + decoder.end();
        let start = 0;
        for (;;) {
          const end = text.indexOf('\n', start);
          if (end === -1) break;
          lineNumber += 1;
          if (!visitOne(text, start, end, lineNumber, visit)) return;
          start = end + 1;
        }
        carry = text.slice(start);
        if (carry.length > maxLine) throw new LineTooLongError(lineNumber + 1, maxLine);
        if (read === 0) {
          if (carry !== '') visitOne(carry, 0, carry.length, lineNumber + 1, visit);
          return;
        }
      }
    } finally {
      closeSync(fd);
    }
  };
}

/** The first non-blank line of a source (header or first record), or undefined. */
export function firstLineOf(lines: LineSource): string | undefined {
  let found: string | undefined;
  lines((line) => {
    found = line;
    return false;
  });
  return found;
}

/** The first non-blank line of `text`, or undefined. */
export function firstLine(text: string): string | undefined {
  return firstLineOf(textLines(text));
}
