/** The CLI's failure lines: one per error kind, in first-seen order, with the first message. */
import { describe, expect, it } from 'vitest';
import { failureLines } from './failure-lines.js';

describe('failureLines', () => {
  it('counts each kind and quotes its first message', () => {
    const records = [
      { error: { kind: 'refused', message: 'HTTP 400: first' } as const },
      {},
      { error: { kind: 'engine-failure', message: 'HTTP 502: down' } as const },
      { error: { kind: 'refused', message: 'HTTP 400: second' } as const },
    ];
    expect(failureLines(records)).toEqual([
      '  failed: refused 2 (e.g. HTTP 400: first)',
      '  failed: engine-failure 1 (e.g. HTTP 502: down)',
    ]);
  });

  it('is empty when every request completed', () => {
    expect(failureLines([{}, {}])).toEqual([]);
  });
});
