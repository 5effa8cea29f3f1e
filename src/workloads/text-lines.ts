/**
 * Splits a trace file's text into lines without regexes or intermediate arrays of the whole file:
 * calls `visit(line, lineNumber)` for every non-blank line (1-based numbers, `\r` stripped).
 * `visit` returns `false` to stop early (the `requests` limit).
 *
 * @example
 * forEachLine('a\nb\n', (line, n) => { console.log(n, line); return true; });
 */
export function forEachLine(
  text: string,
  visit: (line: string, lineNumber: number) => boolean,
): void {
  let start = 0;
  let lineNumber = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = length;
    lineNumber += 1;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 13) stop -= 1;
    if (stop > start) {
      const line = text.slice(start, stop);
      if (line.trim() !== '' && !visit(line, lineNumber)) return;
    }
    start = end + 1;
  }
}

/** The first non-blank line of `text` (header or first record), or undefined. */
export function firstLine(text: string): string | undefined {
  let found: string | undefined;
  forEachLine(text, (line) => {
    found = line;
    return false;
  });
  return found;
}
