/** The writer of the generated sections of docs/results.md and docs/benchmarks.md. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeMarkedSection } from '../scripts/lib/marked-section.js';

const dir = mkdtempSync(join(tmpdir(), 'llmsched-marked-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const markers = { begin: '<!-- x:begin -->', end: '<!-- x:end -->' };

describe('writeMarkedSection', () => {
  it('replaces only the text between the markers', () => {
    const file = join(dir, 'a.md');
    writeFileSync(file, '# Doc\n\nbefore\n<!-- x:begin -->\nold\n<!-- x:end -->\nafter\n');
    writeMarkedSection(file, { ...markers, body: 'new\nlines' });
    expect(readFileSync(file, 'utf8')).toBe(
      '# Doc\n\nbefore\n<!-- x:begin -->\nnew\nlines\n<!-- x:end -->\nafter\n',
    );
  });

  it('appends the section, under its heading, to a file without the markers', () => {
    const file = join(dir, 'b.md');
    writeFileSync(file, '# Doc\n\ntext\n\n');
    writeMarkedSection(file, { ...markers, body: 'table', heading: 'Real engine' });
    expect(readFileSync(file, 'utf8')).toBe(
      '# Doc\n\ntext\n\n## Real engine\n\n<!-- x:begin -->\ntable\n<!-- x:end -->\n',
    );
  });

  it('starts a missing file from `empty`', () => {
    const file = join(dir, 'c.md');
    writeMarkedSection(file, { ...markers, body: 'b', empty: '# Results\n' });
    expect(readFileSync(file, 'utf8')).toBe('# Results\n\n<!-- x:begin -->\nb\n<!-- x:end -->\n');
  });
});
