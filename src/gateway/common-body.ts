/**
 * A hand-written check of the common completion body, in front of the zod schemas of
 * openai-request.ts: true only for bodies those schemas accept as they are (every field the
 * gateway reads has a plainly valid value), so such a body skips zod (a few microseconds a
 * request). Anything else (an invalid body, or a valid one outside the common shape: a model name
 * longer than 256 UTF-16 units, say) goes to zod, which decides and writes the error message, so
 * the answers are zod's in every case. test: common-body.test.ts checks "true implies zod accepts".
 *
 * @example
 * isCommonBody('chat', { model: 'm', messages: [{ role: 'user', content: 'hi' }] }); // true
 */
import type { CompletionKind } from '../backends/backend.js';

const roles = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const optionalBoolean = (value: unknown): boolean =>
  value === undefined || typeof value === 'boolean';

const optionalString = (value: unknown, maxLength: number): boolean =>
  value === undefined || (typeof value === 'string' && value.length <= maxLength);

/** undefined, null, or a finite number in [min, max] (an integer when `integer`). */
const nullableNumber = (value: unknown, min: number, max: number, integer: boolean): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'number' &&
    (integer ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
    value >= min &&
    value <= max);

function commonFields(body: Record<string, unknown>): boolean {
  const model = body['model'];
  if (typeof model !== 'string' || model.length < 1 || model.length > 256) return false;
  const streamOptions = body['stream_options'];
  const priority = body['priority'];
  return (
    optionalBoolean(body['stream']) &&
    (streamOptions === undefined ||
      streamOptions === null ||
      (isRecord(streamOptions) && optionalBoolean(streamOptions['include_usage']))) &&
    nullableNumber(body['max_tokens'], 1, Number.MAX_SAFE_INTEGER, true) &&
    nullableNumber(body['max_completion_tokens'], 1, Number.MAX_SAFE_INTEGER, true) &&
    nullableNumber(body['temperature'], 0, 2, false) &&
    nullableNumber(body['top_p'], 0, 1, false) &&
    nullableNumber(body['n'], 1, 1, true) &&
    (priority === undefined ||
      (Number.isSafeInteger(priority) &&
        (priority as number) >= -1_000_000 &&
        (priority as number) <= 1_000_000)) &&
    optionalBoolean(body['ignore_eos']) &&
    optionalString(body['user'], 256)
  );
}

function validContent(content: unknown): boolean {
  if (content === null || typeof content === 'string') return true;
  if (!Array.isArray(content)) return false;
  for (const part of content) {
    if (!isRecord(part) || typeof part['type'] !== 'string') return false;
    const text = part['text'];
    if (text !== undefined && typeof text !== 'string') return false;
  }
  return true;
}

function validMessages(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (!isRecord(message)) return false;
    const role = message['role'];
    if (typeof role !== 'string' || !roles.has(role)) return false;
    if (!validContent(message['content'])) return false;
    const name = message['name'];
    if (name !== undefined && typeof name !== 'string') return false;
  }
  return true;
}

function validPrompt(prompt: unknown): boolean {
  if (typeof prompt === 'string') return true;
  return Array.isArray(prompt) && prompt.length === 1 && typeof prompt[0] === 'string';
}

/** The body is in the common shape, valid as it is (zod would accept it unchanged). */
export function isCommonBody(kind: CompletionKind, body: Record<string, unknown>): boolean {
  if (!commonFields(body)) return false;
  return kind === 'chat' ? validMessages(body['messages']) : validPrompt(body['prompt']);
}
