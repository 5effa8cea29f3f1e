/**
 * Per-request records as JSON Lines (one object per line, `--records PATH`): the RequestRecord
 * fields plus derived ttft, e2e, queueDelay (seconds). `tokenTimes` is included unless
 * `withTokenTimes` is false.
 */

import { firstTokenTimeOf, type RequestRecord } from './request-record.js';

/**
 * Per-request records as JSON Lines (one object per line, `--records PATH`): the RequestRecord
 * fields plus derived ttft, e2e, queueDelay (seconds).
 */
export function recordsToJsonl(records: readonly RequestRecord[], withTokenTimes = true): string {
  const lines: string[] = [];
  for (const record of records) {
    const first = firstTokenTimeOf(record);
    const line: Record<string, unknown> = { ...record };
    if (!withTokenTimes) delete line['tokenTimes'];
    if (first !== undefined) line['ttft'] = first - record.arrivalTime;
    if (record.finishTime !== undefined) line['e2e'] = record.finishTime - record.arrivalTime;
    if (record.firstScheduledTime !== undefined) {
      line['queueDelay'] = record.firstScheduledTime - record.arrivalTime;
    }
    lines.push(JSON.stringify(line));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
