/**
 * The failed requests of a run as text for the CLI's summaries (`engine replay`, `replay`): one
 * line per error kind, its count and the first message of that kind, so a user sees why requests
 * failed without `--json`.
 *
 * @example
 * failureLines(records); // ['  failed: refused 9 (e.g. HTTP 400: context_length_exceeded: ...)']
 */
import type { RequestRecord } from './request-record.js';

export function failureLines(records: readonly Pick<RequestRecord, 'error'>[]): string[] {
  const failed = new Map<string, { count: number; example: string }>();
  for (const record of records) {
    if (record.error === undefined) continue;
    const seen = failed.get(record.error.kind);
    failed.set(record.error.kind, {
      count: (seen?.count ?? 0) + 1,
      example: seen?.example ?? record.error.message,
    });
  }
  return [...failed].map(
    ([kind, { count, example }]) => `  failed: ${kind} ${count} (e.g. ${example})`,
  );
}
