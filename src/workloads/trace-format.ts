/**
 * The trace formats `readTrace` understands, and detection from the content's first line:
 *
 * - `azure`: CSV with `TIMESTAMP,ContextTokens,GeneratedTokens` (Azure LLM inference trace 2023)
 * - `mooncake`: JSONL with `timestamp`, `input_length`, `output_length`, `hash_ids`
 * - `lengths`: CSV with `num_prefill_tokens,num_decode_tokens` (Sarathi/Vidur), no timestamps
 * - `jsonl`: llmsched's own JSONL (`arrival`, `prompt_tokens`, `output_tokens`, ...)
 */

import { SchedulerError } from '../core/errors.js';
import { firstLine } from './text-lines.js';
import { traceError } from './trace-error.js';

/** The trace formats `readTrace` understands, and detection from the content's first line. */
export const traceFormats = ['azure', 'mooncake', 'lengths', 'jsonl'] as const;
export type TraceFormat = (typeof traceFormats)[number];
export type TraceFormatOption = TraceFormat | 'auto';

export function isTraceFormatOption(value: string): value is TraceFormatOption {
  return value === 'auto' || (traceFormats as readonly string[]).includes(value);
}

/** Checks a `--format` value; UNKNOWN_NAME listing the known ones otherwise. */
export function parseTraceFormatOption(value: string): TraceFormatOption {
  if (isTraceFormatOption(value)) return value;
  throw new SchedulerError(
    'UNKNOWN_NAME',
    `unknown trace format '${value}'; known: auto, ${traceFormats.join(', ')}`,
  );
}

/**
 * The format of a trace from its first non-blank line.
 *
 * @example
 * detectTraceFormat('TIMESTAMP,ContextTokens,GeneratedTokens\n...', 'a.csv'); // 'azure'
 */
export function detectTraceFormat(text: string, file: string): TraceFormat {
  return detectTraceFormatFromLine(firstLine(text), file);
}

/** The format from a trace's first non-blank line (undefined: an empty trace). */
export function detectTraceFormatFromLine(line: string | undefined, file: string): TraceFormat {
  if (line === undefined) throw traceError(file, 0, '', 'empty trace');
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw traceError(file, 1, '', 'not valid JSON (cannot detect the format)');
    }
    const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
    if (keys.includes('input_length')) return 'mooncake';
    if (keys.includes('prompt_tokens')) return 'jsonl';
    throw traceError(
      file,
      1,
      '',
      'cannot detect the format: a JSON record needs input_length (Mooncake) or prompt_tokens (llmsched JSONL); pass --format',
    );
  }
  const columns = trimmed.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
  if (columns.includes('TIMESTAMP') && columns.includes('ContextTokens')) return 'azure';
  if (columns.includes('num_prefill_tokens')) return 'lengths';
  throw traceError(
    file,
    1,
    '',
    `cannot detect the format from the header '${trimmed.slice(0, 60)}': expected TIMESTAMP,ContextTokens,GeneratedTokens (Azure) or num_prefill_tokens,num_decode_tokens (lengths); pass --format`,
  );
}
