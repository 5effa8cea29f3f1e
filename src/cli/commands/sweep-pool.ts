/**
 * Runs sweep points in parallel worker threads (one simulation per message, workers reused).
 * Workers run the built JavaScript (dist/cli/commands/sweep-worker.js), also when this module
 * itself runs from source under vitest. Results come back in point order. The first failure
 * stops every worker; a user error (bad trace, unknown policy) becomes a one-line CliError.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CliError } from '../cli-error.js';
import type { SweepFailure, SweepPoint, SweepResult } from './sweep-point.js';

/** Options of the worker pool: the worker count and a callback per finished point. */
export interface SweepPoolOptions {
  /** Worker threads (default: available cores, at most the number of points). */
  readonly workers?: number;
  /** Called as each point finishes (progress bar). */
  readonly onResult?: (index: number, result: SweepResult) => void;
}

type WorkerReply =
  | { readonly index: number; readonly ok: true; readonly result: SweepResult }
  | { readonly index: number; readonly ok: false; readonly failure: SweepFailure };

export function defaultWorkerCount(points: number): number {
  return Math.max(1, Math.min(points, availableParallelism()));
}

export async function runSweepPool(
  points: readonly SweepPoint[],
  options: SweepPoolOptions = {},
): Promise<SweepResult[]> {
  const count = Math.max(
    1,
    Math.min(points.length, options.workers ?? defaultWorkerCount(points.length)),
  );
  const results = new Array<SweepResult | undefined>(points.length);
  const workers = Array.from({ length: count }, () => startWorker());
  let next = 0;
  let done = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      if (points.length === 0) {
        resolve();
        return;
      }
      const feed = (worker: Worker): void => {
        if (next >= points.length) return;
        const index = next++;
        worker.postMessage({ index, point: points[index] });
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          if (!reply.ok) {
            reject(
              reply.failure.userError
                ? new CliError(reply.failure.message)
                : new Error(`simulation failed: ${reply.failure.message}`),
            );
            return;
          }
          results[reply.index] = reply.result;
          options.onResult?.(reply.index, reply.result);
          done++;
          if (done === points.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < points.length && code !== 0)
            reject(new Error(`a sweep worker exited with code ${code}`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results.map((result, i) => {
    if (result === undefined) throw new Error(`sweep point ${i} has no result`);
    return result;
  });
}

function startWorker(): Worker {
  // from source (vitest runs src/...ts), start the twin in dist/ that the test setup builds
  const entry = import.meta.url.endsWith('.ts')
    ? new URL('../../../dist/cli/commands/sweep-worker.js', import.meta.url)
    : new URL('./sweep-worker.js', import.meta.url);
  return new Worker(entry);
}
