/**
 * The body of POST /v1/chat/completions and /v1/completions, validated at the edge (zod) into what
 * the gateway needs; everything else in the body is forwarded untouched to OpenAI-compatible
 * backends. Invalid bodies are OpenAI-style 400s naming the field. Bodies in the common shape
 * skip zod (common-body.ts: a hand-written check that accepts only what these schemas accept).
 */
import { z } from 'zod';
import type { CompletionKind } from '../backends/backend.js';
import { isCommonBody } from './common-body.js';
import { invalidRequest } from './gateway-error.js';

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const content = z.union([z.string(), z.array(contentPart), z.null()]);

const common = {
  model: z.string().min(1).max(256),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(1).nullable().optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  ignore_eos: z.boolean().optional(),
  user: z.string().max(256).optional(),
};

const chatSchema = z.looseObject({
  ...common,
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
        content,
        name: z.string().optional(),
      }),
    )
    .min(1),
});

const completionSchema = z.looseObject({
  ...common,
  prompt: z.union([z.string(), z.array(z.string()).min(1).max(1)]),
});

/** The body schemas by kind (the reference that common-body.ts's fast check agrees with). */
export const bodySchemas = { chat: chatSchema, completion: completionSchema } as const;

export interface ParsedCompletion {
  readonly kind: CompletionKind;
  readonly body: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  /** Requested max tokens, if any (the gateway applies its default and limit). */
  readonly maxTokens?: number;
  readonly priority?: number;
  /** System/developer text (a request group for predictors). */
  readonly system: string;
  /** The prompt as one text: system first, then the other messages. Never logged. */
  readonly text: string;
  readonly messageCount: number;
}

function partText(value: z.infer<typeof content>): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return value.map((part) => part.text ?? '').join('');
}

export function parseCompletionBody(kind: CompletionKind, body: unknown): ParsedCompletion {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidRequest('the request body must be a JSON object');
  }
  type Body = z.infer<typeof chatSchema> & z.infer<typeof completionSchema>;
  let data: Body;
  if (isCommonBody(kind, body as Record<string, unknown>)) {
    // what zod would return: the schemas only check (no defaults, transforms or stripped keys)
    data = body as Body;
  } else {
    const result = bodySchemas[kind].safeParse(body);
    if (!result.success) {
      const issue = result.error.issues[0];
      const param = issue?.path.join('.') ?? '';
      throw invalidRequest(
        `${param || 'body'}: ${issue?.message ?? 'invalid'}`,
        param || undefined,
      );
    }
    data = result.data as Body;
  }
  const max = data.max_completion_tokens ?? data.max_tokens ?? undefined;
  let system = '';
  let text: string;
  let messageCount = 1;
  if (kind === 'chat') {
    const messages = data.messages;
    messageCount = messages.length;
    // system/developer texts joined by one newline, the others by two (one loop, no arrays)
    let rest = '';
    let systems = 0;
    let others = 0;
    for (const m of messages) {
      if (m.role === 'system' || m.role === 'developer') {
        system = systems++ === 0 ? partText(m.content) : `${system}\n${partText(m.content)}`;
      } else {
        rest = others++ === 0 ? partText(m.content) : `${rest}\n\n${partText(m.content)}`;
      }
    }
    text = system === '' ? rest : `${system}\n\n${rest}`;
  } else {
    text = typeof data.prompt === 'string' ? data.prompt : (data.prompt[0] ?? '');
  }
  // optional fields set after the literal (a spread copies a temporary object); same keys
  const parsed: { -readonly [K in keyof ParsedCompletion]: ParsedCompletion[K] } = {
    kind,
    body: body as Record<string, unknown>,
    model: data.model,
    stream: data.stream === true,
    includeUsage: data.stream_options?.include_usage === true,
    system,
    text,
    messageCount,
  };
  if (max !== undefined && max !== null) parsed.maxTokens = max;
  if (data.priority !== undefined) parsed.priority = data.priority;
  return parsed;
}
