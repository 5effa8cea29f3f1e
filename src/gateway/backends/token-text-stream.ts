/**
 * Turns a backend's generated tokens into OpenAI stream events or a whole response: shared by the
 * built-in engine and the simulator backends.
 */
import type { BackendEvent, BackendRequest, FinishReason } from '../../backends/backend.js';
import {
  chunkJson,
  completionJson,
  type ResponseIdentity,
  usageChunkJson,
  usageOf,
} from '../../backends/openai-format.js';

export function identityOf(request: BackendRequest): ResponseIdentity {
  const prefix = request.kind === 'chat' ? 'chatcmpl' : 'cmpl';
  return {
    id: `${prefix}-${request.id}`,
    kind: request.kind,
    model: request.model,
    created: request.created,
  };
}

/** Text deltas (one per token) -> events, in stream or non-stream form. */
export async function* textEvents(
  request: BackendRequest,
  who: ResponseIdentity,
  deltas: AsyncIterable<string>,
  outcome: () => Promise<{ finish: FinishReason; promptTokens: number; completionTokens: number }>,
): AsyncGenerator<BackendEvent> {
  if (!request.stream) {
    let text = '';
    for await (const delta of deltas) text += delta;
    const end = await outcome();
    const usage = usageOf(end.promptTokens, end.completionTokens);
    yield { type: 'complete', json: completionJson(who, text, end.finish, usage), usage };
    return;
  }
  let first = true;
  for await (const delta of deltas) {
    yield { type: 'chunk', json: chunkJson(who, delta, { first }), tokens: 1 };
    first = false;
  }
  const end = await outcome();
  const usage = usageOf(end.promptTokens, end.completionTokens);
  yield { type: 'chunk', json: chunkJson(who, '', { finish: end.finish, first }), tokens: 0 };
  if (request.includeUsage) yield { type: 'chunk', json: usageChunkJson(who, usage), tokens: 0 };
  yield { type: 'end', usage, finishReason: end.finish };
}
