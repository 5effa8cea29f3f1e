/**
 * A tiny bursty trace (60 requests at 4 req/s, short and long prompts) written to a fresh temporary
 * directory: the input of the CLI's end-to-end tests (capacity, compare).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSyntheticWorkload } from '../../src/workloads/synthetic/synthetic-workloads.js';
import { writeTrace } from '../../src/workloads/write-trace.js';

/** Writes the trace and returns its directory (for other outputs) and path. */
export function writeTinyTrace(prefix: string): { readonly dir: string; readonly trace: string } {
  const dir = mkdtempSync(join(tmpdir(), `llmsched-${prefix}-`));
  const trace = join(dir, 'tiny.jsonl');
  writeTrace(
    trace,
    createSyntheticWorkload('bursty', {
      requests: 60,
      rate: 4,
      seed: 1,
      params: { shortPrompt: 64, shortOutput: 16, longPrompt: 512, longOutput: 64 },
    }),
  );
  return { dir, trace };
}
