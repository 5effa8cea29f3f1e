/**
 * llmsched's own trace format: JSON Lines, one request per line (docs/trace-format.md).
 * Validated only here, at the edge, with a loose schema (unknown fields are kept and ignored).
 * Parsing comes in pairs: `parseTraceRecord` throws, `safeParseTraceRecord` returns a result.
 */

import { z } from 'zod';
import { type SloClassName, sloClassNames } from './slo-classes.js';

/** llmsched's own trace format: JSON Lines, one request per line (docs/trace-format.md). */
export const traceRecordSchema = z.looseObject({
  /** Unique request id; default: the record's 0-based position in the file. */
  id: z.union([z.string().min(1), z.int().nonnegative()]).optional(),
  /** Arrival time, seconds from the start of the trace. */
  arrival: z.number().nonnegative(),
  prompt_tokens: z.int().min(1),
  /** True output length (what the simulator generates). */
  output_tokens: z.int().min(1),
  /** The client's max_tokens. */
  max_tokens: z.int().min(1).optional(),
  /** Prompt text, when known. */
  prompt: z.string().optional(),
  /** System prompt / application id: requests of a group share a prefix. */
  group: z.string().min(1).optional(),
  /** Tokens of the group's shared system prompt (prefix hashes are derived from it). */
  shared_prefix_tokens: z.int().nonnegative().optional(),
  tenant: z.string().min(1).optional(),
  slo_class: z.enum(sloClassNames).optional(),
  /** TTFT target, seconds. */
  slo_ttft: z.number().positive().optional(),
  /** TBT target, seconds. */
  slo_tbt: z.number().positive().optional(),
  /** Explicit per-16-token-block prefix hashes (override group/shared_prefix_tokens). */
  prefix_hashes: z.array(z.union([z.string(), z.int()])).optional(),
});

export type TraceRecord = z.infer<typeof traceRecordSchema>;

export type TraceRecordResult =
  | { readonly success: true; readonly record: TraceRecord }
  | { readonly success: false; readonly field: string; readonly message: string };

/** Validates one parsed JSON value; never throws. `field` is the dotted path of the first issue. */
export function safeParseTraceRecord(value: unknown): TraceRecordResult {
  const result = traceRecordSchema.safeParse(value);
  if (result.success) return { success: true, record: result.data };
  const issue = result.error.issues[0];
  return {
    success: false,
    field: issue?.path.map(String).join('.') ?? '',
    message: issue?.message ?? 'invalid record',
  };
}

/** Validates one parsed JSON value; throws a plain Error naming the field. */
export function parseTraceRecord(value: unknown): TraceRecord {
  const result = safeParseTraceRecord(value);
  if (!result.success) throw new Error(`field '${result.field}': ${result.message}`);
  return result.record;
}

export type { SloClassName };
