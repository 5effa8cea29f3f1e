/**
 * Length-only CSVs (Sarathi-Serve / Vidur processed traces): `num_prefill_tokens`,
 * `num_decode_tokens` (other columns ignored). They carry no timestamps: arrivals come from an
 * arrival process (Poisson, or gamma with a CV) at a rate the caller gives.
 */

import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import type { Rng } from '../../core/rng.js';
import { seconds, tokens } from '../../core/units.js';
import type { ArrivalProcess } from '../arrivals/arrival-process.js';
import { csvColumns, integerCell } from '../csv-header.js';
import type { LineSource } from '../text-lines.js';
import { traceError } from '../trace-error.js';

/**
 * Length-only CSVs (Sarathi-Serve / Vidur processed traces): `num_prefill_tokens`,
 * `num_decode_tokens` (other columns ignored).
 */
export const lengthsColumns = ['num_prefill_tokens', 'num_decode_tokens'] as const;

interface LengthsRow {
  readonly index: number;
  readonly prefillTokens: number;
  readonly decodeTokens: number;
}

/** The one lengths-CSV -> SchedRequest conversion. */
function lengthsRowToRequest(row: LengthsRow, arrival: number): SchedRequest {
  return {
    id: requestId(String(row.index)),
    arrivalTime: seconds(arrival),
    promptTokens: tokens(row.prefillTokens),
    outputTokens: tokens(row.decodeTokens),
  };
}

/** Parses a lengths CSV's lines and stamps arrivals from `arrivals` drawn with `rng`. */
export function readLengthsCsv(
  lines: LineSource,
  file: string,
  arrivals: ArrivalProcess,
  rng: Rng,
  limit = Number.POSITIVE_INFINITY,
): SchedRequest[] {
  const rows: LengthsRow[] = [];
  let columns: Record<(typeof lengthsColumns)[number], number> | undefined;
  lines((line, lineNumber) => {
    if (columns === undefined) {
      columns = csvColumns(line, lengthsColumns, file);
      return true;
    }
    if (rows.length >= limit) return false;
    const cells = line.split(',');
    rows.push({
      index: rows.length,
      prefillTokens: integerCell(
        cells,
        columns.num_prefill_tokens,
        'num_prefill_tokens',
        file,
        lineNumber,
      ),
      decodeTokens: integerCell(
        cells,
        columns.num_decode_tokens,
        'num_decode_tokens',
        file,
        lineNumber,
      ),
    });
    return true;
  });
  if (columns === undefined) throw traceError(file, 0, '', 'empty trace (no header)');
  const times = arrivals.times(rows.length, rng);
  return rows.map((row, i) => lengthsRowToRequest(row, times[i] ?? 0));
}
