/**
 * The one way a trace reader reports bad input: `TRACE_INVALID` naming the file, the 1-based line
 * and the field, e.g. `trace.csv:17: field 'ContextTokens': expected a non-negative integer, got "x"`.
 *
 * @example
 * throw traceError('t.jsonl', 3, 'arrival', 'expected a number');
 */

import { SchedulerError } from '../core/errors.js';

/**
 * The one way a trace reader reports bad input: `TRACE_INVALID` naming the file, the 1-based line
 * and the field, e.g. `trace.csv:17: field 'ContextTokens': expected a non-negative integer, got
 * "x"`.
 */
export function traceError(
  file: string,
  line: number,
  field: string,
  problem: string,
): SchedulerError {
  const where = line > 0 ? `${file}:${line}` : file;
  const what = field === '' ? problem : `field '${field}': ${problem}`;
  return new SchedulerError('TRACE_INVALID', `${where}: ${what}`);
}

/** A shown value, shortened so one bad line never floods the terminal. */
export function showValue(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
