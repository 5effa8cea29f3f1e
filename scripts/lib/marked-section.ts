/**
 * The one writer of the generated parts of docs/results.md and docs/benchmarks.md: the text between
 * a `begin` and an `end` marker comment is replaced by `body`; a file without the markers gets the
 * section appended (under `## heading` when one is given); a missing file starts as `empty`.
 *
 * @example
 * writeMarkedSection('docs/results.md', {
 *   begin: '<!-- results-sim:begin -->',
 *   end: '<!-- results-sim:end -->',
 *   body: lines.join('\n'),
 *   empty: '# Results\n',
 * });
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface MarkedSection {
  readonly begin: string;
  readonly end: string;
  readonly body: string;
  /** Heading of an appended section (`## heading`); none by default. */
  readonly heading?: string;
  /** The document a missing file starts as; '' by default. */
  readonly empty?: string;
}

export function writeMarkedSection(file: string, section: MarkedSection): void {
  const { begin, end, body } = section;
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : (section.empty ?? '');
  const block = `${begin}\n${body}\n${end}`;
  const at = doc.indexOf(begin);
  const stop = at < 0 ? -1 : doc.indexOf(end, at);
  const heading = section.heading === undefined ? '' : `## ${section.heading}\n\n`;
  writeFileSync(
    file,
    at >= 0 && stop >= 0
      ? `${doc.slice(0, at)}${block}${doc.slice(stop + end.length)}`
      : `${doc.trimEnd()}\n\n${heading}${block}\n`,
  );
}
