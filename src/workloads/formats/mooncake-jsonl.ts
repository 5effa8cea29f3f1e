/**
 * Mooncake trace JSONL (Qin et al., FAST 2025): one object per line with `timestamp` (ms, relative),
 * `input_length`, `output_length` and `hash_ids` (512-token prefix block ids; see
 * mooncake-prefix-hashes.ts for the expansion into 16-token block hashes).
 */
import { requestId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { seconds, tokens } from '../../core/units.js';
import { createMooncakeHashExpander, type PrefixHashExpander } from '../mooncake-prefix-hashes.js';
import { prefixBlockSize } from '../prefix-block-size.js';
import type { LineSource } from '../text-lines.js';
import { showValue, traceError } from '../trace-error.js';

interface MooncakeRow {
  readonly index: number;
  readonly timestampMs: number;
  readonly inputLength: number;
  readonly outputLength: number;
  readonly hashIds: readonly number[];
}

/** The one Mooncake -> SchedRequest conversion. */
function mooncakeRowToRequest(row: MooncakeRow, expander: PrefixHashExpander): SchedRequest {
  return {
    id: requestId(String(row.index)),
    arrivalTime: seconds(row.timestampMs / 1000),
    promptTokens: tokens(row.inputLength),
    outputTokens: tokens(row.outputLength),
    prefixHashes: expander.expand(row.hashIds, row.inputLength, prefixBlockSize),
  };
}

/** Parses a Mooncake JSONL's lines; `limit` stops after that many rows. */
export function readMooncakeJsonl(
  lines: LineSource,
  file: string,
  limit = Number.POSITIVE_INFINITY,
): SchedRequest[] {
  const expander = createMooncakeHashExpander();
  const requests: SchedRequest[] = [];
  lines((line, lineNumber) => {
    if (requests.length >= limit) return false;
    const row = parseMooncakeLine(line, file, lineNumber, requests.length);
    requests.push(mooncakeRowToRequest(row, expander));
    return true;
  });
  return requests;
}

function parseMooncakeLine(
  line: string,
  file: string,
  lineNumber: number,
  index: number,
): MooncakeRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw traceError(file, lineNumber, '', 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw traceError(file, lineNumber, '', 'expected a JSON object');
  }
  const record = value as Record<string, unknown>;
  const number = (field: string, min: number): number => {
    const got = record[field];
    if (typeof got !== 'number' || !Number.isFinite(got) || got < min) {
      throw traceError(
        file,
        lineNumber,
        field,
        `expected a number >= ${min}, got ${showValue(got)}`,
      );
    }
    return got;
  };
  const integer = (field: string): number => {
    const got = number(field, 1);
    if (!Number.isInteger(got))
      throw traceError(file, lineNumber, field, `expected an integer, got ${got}`);
    return got;
  };
  const hashIds = record['hash_ids'] ?? [];
  if (!Array.isArray(hashIds) || !hashIds.every((id) => Number.isInteger(id))) {
    throw traceError(
      file,
      lineNumber,
      'hash_ids',
      `expected an array of integers, got ${showValue(hashIds)}`,
    );
  }
  return {
    index,
    timestampMs: number('timestamp', 0),
    inputLength: integer('input_length'),
    outputLength: integer('output_length'),
    hashIds: hashIds as number[],
  };
}
