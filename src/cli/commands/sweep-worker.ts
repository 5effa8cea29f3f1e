/**
 * Worker-thread entry of `compare`: receives `{ index, point }` messages, runs the simulation,
 * answers `{ index, ok: true, result }` or `{ index, ok: false, failure }`. Started by
 * sweep-pool.ts from the built dist/ (plain JavaScript, no loader).
 */

import { parentPort } from 'node:worker_threads';
import { SchedulerError } from '../../core/errors.js';
import { CliError } from '../cli-error.js';
import type { SweepPoint } from './sweep-point.js';
import { runSweepPoint } from './sweep-simulation.js';

/** The message a sweep worker receives: one point and its index. */
export interface SweepRequestMessage {
  readonly index: number;
  readonly point: SweepPoint;
}

const port = parentPort;
if (port !== null) {
  port.on('message', (message: SweepRequestMessage) => {
    try {
      const result = runSweepPoint(message.point);
      port.postMessage({ index: message.index, ok: true, result });
    } catch (error) {
      const userError = error instanceof SchedulerError || error instanceof CliError;
      const text =
        error instanceof Error
          ? userError
            ? error.message
            : (error.stack ?? error.message)
          : String(error);
      port.postMessage({ index: message.index, ok: false, failure: { message: text, userError } });
    }
  });
}
