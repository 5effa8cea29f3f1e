/**
 * The built-in engine as a `CompletionClient` (predictors/completion-client.ts), so LLM self-
 * prediction (predictors/self/self-predictor.ts, algorithms.md §13) asks the model that serves the
 * request. The query is an ordinary engine request (scheduled by the engine's policy like any
 * other); when it ends its slot is freed with its KV resident, so the real request, whose prompt
 * is the query's prompt minus the self-prediction postfix, claims that slot and reuses the shared
 * prefix (SlotPool: longest resident prefix among free slots). Render the real request with
 * `promptTokens` (same text layout and tokenizer as the query) to get that reuse.
 *
 * Text layout: `system + "\n\n" + user` (plain text after BOS, no chat template), the same for the
 * query and the real request. Sampling is the engine's (greedy by default): a per-request
 * temperature is not supported, `options.temperature` is ignored. Time comes from the engine's
 * clock. An engine error (cancellation, failure, capacity) rejects, as an HTTP client would.
 *
 * @example
 * const client = createEngineCompletionClient(engine, clock);
 * const self = createSelfPredictor({ source: { kind: 'client', client } });
 * await self.prepare({ id: 'r1', prompt: text, promptTokens: n });
 * engine.submit({ id, prompt: client.promptTokens(text), maxTokens, ... }); // reuses the prefix
 */
import type { Clock } from '../../core/clock.js';
import { requestId } from '../../core/ids.js';
import type {
  CompletionClient,
  CompletionOptions,
  CompletionResult,
} from '../../predictors/completion-client.js';
import type { LocalEngine } from './local-engine.js';

export interface EngineCompletionClient extends CompletionClient {
  /** Token ids of `user` (after `system`) exactly as a query would send them (shared prefix). */
  promptTokens(user: string, system?: string): number[];
  /** Completions served so far. */
  readonly queries: number;
}

/** The text layout shared by queries and real requests. */
export function renderPrompt(user: string, system?: string): string {
  return system === undefined || system === '' ? user : `${system}\n\n${user}`;
}

export function createEngineCompletionClient(
  engine: LocalEngine,
  clock: Clock,
  idPrefix = 'completion',
): EngineCompletionClient {
  let queries = 0;
  const promptTokens = (user: string, system?: string): number[] =>
    engine.tokenize(renderPrompt(user, system));
  return {
    promptTokens,
    get queries() {
      return queries;
    },
    async complete(prompt: string, options: CompletionOptions): Promise<CompletionResult> {
      const tokens = promptTokens(prompt, options.system);
      const start = clock.now();
      const id = requestId(`${idPrefix}-${queries++}`);
      const handle = engine.submit(
        { id, prompt: tokens, promptText: prompt, maxTokens: Math.max(1, options.maxTokens) },
        options.signal ? { signal: options.signal } : {},
      );
      const result = await handle.result;
      if (result.error) throw result.error;
      return {
        text: engine.detokenize(result.tokens),
        promptTokens: tokens.length,
        completionTokens: result.tokens.length,
        seconds: clock.now() - start,
      };
    },
  };
}
