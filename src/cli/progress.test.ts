/**
 * `createProgress` without a terminal: one stderr line per interval, none for short runs, nothing
 * when quiet.
 */
import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.js';

describe('createProgress without a terminal', () => {
  it('writes one stderr line per interval, none for short runs, nothing when quiet', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = createProgress({
      label: 'simulate',
      total: 200,
      unit: 'requests',
      tty: false,
      everySeconds: 5,
      now: () => now,
      write: (text) => lines.push(text),
    });
    for (let i = 1; i <= 200; i++) {
      now = i * 100; // 0.1 s per request: 20 s in all
      progress.update(i);
    }
    progress.stop();
    expect(lines).toEqual([
      'llmsched: simulate: 25% (50/200 requests), 5 s\n',
      'llmsched: simulate: 50% (100/200 requests), 10 s\n',
      'llmsched: simulate: 75% (150/200 requests), 15 s\n',
      'llmsched: simulate: 100% (200/200 requests), 20 s\n',
    ]);
    const quiet: string[] = [];
    const silent = createProgress({
      label: 'x',
      total: 1,
      unit: 'runs',
      quiet: true,
      tty: false,
      now: () => 1e9,
      write: (text) => quiet.push(text),
    });
    silent.tick();
    expect(quiet).toEqual([]);
  });
});
