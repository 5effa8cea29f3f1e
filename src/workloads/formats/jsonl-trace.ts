/**
 * llmsched's own JSONL trace (docs/trace-format.md, zod schema in trace-schema.ts).
 * Prefix hashes: explicit `prefix_hashes` win; otherwise a `group` with `shared_prefix_tokens`
 * gives the group's first floor(shared / 16) blocks the hashes `"<group>:<k>"`, shared by every
 * request of the group (the prompt's remaining blocks are unique and get no hash).
 */
import { requestId, tenantId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import { type Seconds, seconds, tokens } from '../../core/units.js';
import { groupPrefixHashes } from '../group-prefix-hashes.js';
import { sloClasses } from '../slo-classes.js';
import type { LineSource } from '../text-lines.js';
import { traceError } from '../trace-error.js';
import { safeParseTraceRecord, type TraceRecord } from '../trace-schema.js';

/** The one JSONL record -> SchedRequest conversion. */
export function traceRecordToRequest(record: TraceRecord, index: number): SchedRequest {
  const slo = sloOf(record);
  const prefixHashes = prefixHashesOf(record);
  return {
    id: requestId(record.id === undefined ? String(index) : String(record.id)),
    arrivalTime: seconds(record.arrival),
    promptTokens: tokens(record.prompt_tokens),
    outputTokens: tokens(record.output_tokens),
    ...(record.max_tokens === undefined ? {} : { maxTokens: tokens(record.max_tokens) }),
    ...(prefixHashes === undefined ? {} : { prefixHashes }),
    ...(record.prompt === undefined ? {} : { prompt: record.prompt }),
    ...(record.group === undefined ? {} : { group: record.group }),
    ...(record.tenant === undefined ? {} : { tenant: tenantId(record.tenant) }),
    ...(slo === undefined ? {} : { slo }),
  };
}

function sloOf(record: TraceRecord): { ttft?: Seconds; tbt?: Seconds } | undefined {
  const preset: { readonly ttft?: number; readonly tbt?: number } =
    record.slo_class === undefined ? {} : sloClasses[record.slo_class];
  const ttft = record.slo_ttft ?? preset.ttft;
  const tbt = record.slo_tbt ?? preset.tbt;
  if (ttft === undefined && tbt === undefined) return undefined;
  return {
    ...(ttft === undefined ? {} : { ttft: seconds(ttft) }),
    ...(tbt === undefined ? {} : { tbt: seconds(tbt) }),
  };
}

function prefixHashesOf(record: TraceRecord): string[] | undefined {
  if (record.prefix_hashes !== undefined) return record.prefix_hashes.map(String);
  if (record.group === undefined || record.shared_prefix_tokens === undefined) return undefined;
  const shared = Math.min(record.shared_prefix_tokens, record.prompt_tokens);
  return groupPrefixHashes(record.group, shared);
}

/** Parses our JSONL's lines; `limit` stops after that many records. Duplicate ids are an error. */
export function readJsonlTrace(
  lines: LineSource,
  file: string,
  limit = Number.POSITIVE_INFINITY,
): SchedRequest[] {
  const requests: SchedRequest[] = [];
  const seen = new Set<string>();
  lines((line, lineNumber) => {
    if (requests.length >= limit) return false;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw traceError(file, lineNumber, '', 'not valid JSON');
    }
    const result = safeParseTraceRecord(value);
    if (!result.success) throw traceError(file, lineNumber, result.field, result.message);
    const request = traceRecordToRequest(result.record, requests.length);
    if (seen.has(request.id))
      throw traceError(file, lineNumber, 'id', `duplicate id '${request.id}'`);
    seen.add(request.id);
    requests.push(request);
    return true;
  });
  return requests;
}
