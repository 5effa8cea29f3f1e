/**
 * OpenAI wire objects for backends that generate text themselves (the built-in engine, the
 * simulator): streamed chunks (`chat.completion.chunk`, `text_completion`) and whole responses,
 * each as JSON text. One place, so every backend speaks the same dialect.
 */
import type { CompletionKind, FinishReason, Usage } from './backend.js';

export interface ResponseIdentity {
  readonly id: string;
  readonly kind: CompletionKind;
  readonly model: string;
  /** Unix seconds. */
  readonly created: number;
}

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

function head(who: ResponseIdentity, object: string): string {
  return `{"id":${JSON.stringify(who.id)},"object":"${object}","created":${who.created},"model":${JSON.stringify(who.model)}`;
}

/** A delta chunk (`text` may be ''); `finish` closes the choice; `role` only on the first chat chunk. */
export function chunkJson(
  who: ResponseIdentity,
  text: string,
  options: { readonly finish?: FinishReason; readonly first?: boolean } = {},
): string {
  const finish = options.finish === undefined ? 'null' : `"${options.finish}"`;
  if (who.kind === 'chat') {
    const delta = options.first
      ? `{"role":"assistant","content":${JSON.stringify(text)}}`
      : text === '' && options.finish !== undefined
        ? '{}'
        : `{"content":${JSON.stringify(text)}}`;
    return `${head(who, 'chat.completion.chunk')},"choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}`;
  }
  return `${head(who, 'text_completion')},"choices":[{"index":0,"text":${JSON.stringify(text)},"logprobs":null,"finish_reason":${finish}}]}`;
}

/** The final usage-only chunk (`stream_options.include_usage`). */
export function usageChunkJson(who: ResponseIdentity, usage: Usage): string {
  const object = who.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  return `${head(who, object)},"choices":[],"usage":${JSON.stringify(usage)}}`;
}

/** A whole non-stream response. */
export function completionJson(
  who: ResponseIdentity,
  text: string,
  finish: FinishReason,
  usage: Usage,
): string {
  const choice =
    who.kind === 'chat'
      ? `{"index":0,"message":{"role":"assistant","content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":"${finish}"}`
      : `{"index":0,"text":${JSON.stringify(text)},"logprobs":null,"finish_reason":"${finish}"}`;
  const object = who.kind === 'chat' ? 'chat.completion' : 'text_completion';
  return `${head(who, object)},"choices":[${choice}],"usage":${JSON.stringify(usage)}}`;
}
