/**
 * The one SchedRequest -> llmsched JSONL record conversion (the inverse of the reader's).
 * Prefix hashes that are exactly a group's `"<group>:<k>"` run are written compactly as
 * `shared_prefix_tokens`; any other hashes are written verbatim as `prefix_hashes`.
 */

import type { SchedRequest } from '../core/request.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { groupPrefixHashes } from './group-prefix-hashes.js';
import type { TraceRecord } from './trace-schema.js';

/** The one SchedRequest -> llmsched JSONL record conversion (the inverse of the reader's). */
export function requestToTraceRecord(request: SchedRequest): TraceRecord {
  const hashes = request.prefixHashes;
  const compact =
    hashes !== undefined &&
    request.group !== undefined &&
    hashes.length > 0 &&
    sameStrings(hashes, groupPrefixHashes(request.group, hashes.length * 16));
  return {
    id: request.id,
    arrival: request.arrivalTime,
    prompt_tokens: request.promptTokens,
    output_tokens: request.outputTokens,
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.prompt === undefined ? {} : { prompt: request.prompt }),
    ...(request.group === undefined ? {} : { group: request.group }),
    ...(compact ? { shared_prefix_tokens: hashes.length * 16 } : {}),
    ...(request.tenant === undefined ? {} : { tenant: request.tenant }),
    ...(request.slo?.ttft === undefined ? {} : { slo_ttft: request.slo.ttft }),
    ...(request.slo?.tbt === undefined ? {} : { slo_tbt: request.slo.tbt }),
    ...(hashes === undefined || compact ? {} : { prefix_hashes: [...hashes] }),
  };
}

/** JSONL text of `requests`, one record a line, newline-terminated. */
export function formatTrace(requests: readonly SchedRequest[]): string {
  return requests.map((request) => `${JSON.stringify(requestToTraceRecord(request))}\n`).join('');
}

/**
 * Writes `requests` as an llmsched JSONL trace (readable by `readTrace` with format auto/jsonl).
 *
 * @example
 * writeTrace('examples/traces/bursty.jsonl', createSyntheticWorkload('bursty', { requests: 50, rate: 4 }));
 */
export function writeTrace(path: string, requests: readonly SchedRequest[]): void {
  writeFileAtomic(path, formatTrace(requests));
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
