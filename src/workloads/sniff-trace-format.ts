/**
 * The format of a trace path from its first 64 KiB (or `synthetic` for a `synthetic:` spec),
 * without reading the whole file. `timestamped` tells whether load is a rate scale (real arrival
 * times) or a rate (length-only and synthetic traces get generated arrivals).
 *
 * @example
 * sniffTraceFormat('../shared/data/traces/sharegpt-lengths.csv'); // { format: 'lengths', timestamped: false }
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { SchedulerError } from '../core/errors.js';
import { readErrorReason } from '../io/read-error-reason.js';
import { parseSyntheticTraceSpec } from './synthetic/synthetic-trace-spec.js';
import { detectTraceFormat, type TraceFormat } from './trace-format.js';

/**
 * The format of a trace path from its first 64 KiB (or `synthetic` for a `synthetic:` spec),
 * without reading the whole file.
 */
export function sniffTraceFormat(path: string): {
  format: TraceFormat | 'synthetic';
  timestamped: boolean;
} {
  if (parseSyntheticTraceSpec(path) !== undefined)
    return { format: 'synthetic', timestamped: false };
  let head: string;
  try {
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(65536);
      const length = readSync(fd, buffer, 0, buffer.length, 0);
      head = buffer.subarray(0, length).toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw new SchedulerError(
      'TRACE_INVALID',
      `${path}: cannot read the trace (${readErrorReason(error)})`,
    );
  }
  const newline = head.lastIndexOf('\n');
  const format = detectTraceFormat(newline > 0 ? head.slice(0, newline) : head, path);
  return { format, timestamped: format !== 'lengths' };
}
