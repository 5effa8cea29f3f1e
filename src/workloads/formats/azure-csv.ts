/**
 * Azure LLM inference trace 2023 (Patel et al., Splitwise): `TIMESTAMP,ContextTokens,GeneratedTokens`,
 * the timestamp a wall clock such as `2023-11-16 18:15:46.6805900` (read as UTC; only differences
 * matter). Arrival = seconds since the earliest row. No prefix information.
 */

import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { csvColumns, integerCell } from '../csv-header.js';
import type { LineSource } from '../text-lines.js';
import { traceError } from '../trace-error.js';

/**
 * Azure LLM inference trace 2023 (Patel et al., Splitwise):
 * `TIMESTAMP,ContextTokens,GeneratedTokens`, the timestamp a wall clock such as `2023-11-16
 * 18:15:46.6805900` (read as UTC; only differences matter).
 */
export const azureColumns = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;

/**
 * Reads an Azure CSV from a line source; `limit` stops after that many rows. Arrival = seconds
 * since the EARLIEST row (not the first: an unsorted file must not give negative times); the
 * caller sorts. Each row becomes its request at once (no intermediate row objects).
 */
export function readAzureCsv(
  lines: LineSource,
  file: string,
  limit = Number.POSITIVE_INFINITY,
): SchedRequest[] {
  const requests: {
    id: SchedRequest['id'];
    arrivalTime: number;
    promptTokens: number;
    outputTokens: number;
  }[] = [];
  let columns: Record<(typeof azureColumns)[number], number> | undefined;
  const dayCache = new Map<string, number>();
  let earliest = Number.POSITIVE_INFINITY;
  lines((line, lineNumber) => {
    if (columns === undefined) {
      columns = csvColumns(line, azureColumns, file);
      return true;
    }
    if (requests.length >= limit) return false;
    const cells = line.split(',');
    const timestamp = parseWallClock(cells[columns.TIMESTAMP], file, lineNumber, dayCache);
    if (timestamp < earliest) earliest = timestamp;
    requests.push({
      id: requestId(String(requests.length)),
      arrivalTime: timestamp,
      promptTokens: integerCell(cells, columns.ContextTokens, 'ContextTokens', file, lineNumber),
      outputTokens: integerCell(
        cells,
        columns.GeneratedTokens,
        'GeneratedTokens',
        file,
        lineNumber,
      ),
    });
    return true;
  });
  if (columns === undefined) throw traceError(file, 0, '', 'empty trace (no header)');
  for (const request of requests) request.arrivalTime -= earliest;
  return requests as SchedRequest[];
}

const wallClock = /^\s*"?(\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)"?\s*$/;

/**
 * `YYYY-MM-DD HH:MM:SS.fffffff` -> seconds (UTC), keeping sub-millisecond digits
 * (Date would round them), counted from the first day seen (cached under the key ''), so a
 * double keeps sub-microsecond precision. Days are parsed once each and cached.
 */
function parseWallClock(
  raw: string | undefined,
  file: string,
  line: number,
  dayCache: Map<string, number>,
): number {
  const match = raw === undefined ? null : wallClock.exec(raw);
  if (match === null) {
    throw traceError(
      file,
      line,
      'TIMESTAMP',
      `expected 'YYYY-MM-DD HH:MM:SS[.fraction]', got ${raw === undefined ? 'nothing' : JSON.stringify(raw)}`,
    );
  }
  const [, day = '', hours = '', minutes = '', secs = ''] = match;
  let dayStart = dayCache.get(day);
  if (dayStart === undefined) {
    const epoch = Date.parse(`${day}T00:00:00Z`) / 1000;
    if (Number.isNaN(epoch)) throw traceError(file, line, 'TIMESTAMP', `invalid date ${day}`);
    // days count from the first day seen, so sub-microsecond digits survive in a double
    const firstDay = dayCache.get('') ?? epoch;
    dayCache.set('', firstDay);
    dayStart = epoch - firstDay;
    dayCache.set(day, dayStart);
  }
  return dayStart + Number(hours) * 3600 + Number(minutes) * 60 + Number(secs);
}
