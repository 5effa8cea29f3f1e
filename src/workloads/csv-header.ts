/**
 * Column positions of a simple CSV header (no quoted commas: the traces we read are numeric).
 * Throws TRACE_INVALID naming the first missing column.
 *
 * @example
 * const columns = csvColumns('a,b,c', ['c', 'a'], 'x.csv'); // { c: 2, a: 0 }
 */

import { traceError } from './trace-error.js';

/** Column positions of a simple CSV header (no quoted commas: the traces we read are numeric). */
export function csvColumns<const Name extends string>(
  header: string,
  required: readonly Name[],
  file: string,
): Record<Name, number> {
  const names = header.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
  const positions = {} as Record<Name, number>;
  for (const name of required) {
    const index = names.indexOf(name);
    if (index === -1) {
      throw traceError(file, 1, name, `missing column (header has: ${names.join(', ')})`);
    }
    positions[name] = index;
  }
  return positions;
}

/** An integer cell >= `min` (token counts: 1), or TRACE_INVALID naming file, line and column. */
export function integerCell(
  cells: readonly string[],
  index: number,
  field: string,
  file: string,
  line: number,
  min = 1,
): number {
  const raw = cells[index];
  const value = raw === undefined ? Number.NaN : Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isInteger(value) || value < min) {
    const got = raw === undefined ? 'nothing' : JSON.stringify(raw);
    throw traceError(file, line, field, `expected an integer >= ${min}, got ${got}`);
  }
  return value;
}
