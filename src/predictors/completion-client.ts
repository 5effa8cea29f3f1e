/**
 * The smallest interface a predictor needs from a serving model: one completion.
 * Implemented by the fetch-based OpenAI-compatible client (openai-completion-client.ts) and by the
 * built-in llama.cpp engine ([D] adapts to it). Used by LLM self-prediction (§13).
 *
 * @example
 * const answer = await client.complete('How long?', { maxTokens: 8, temperature: 0 });
 * answer.text; // "120"
 */
export interface CompletionOptions {
  readonly maxTokens: number;
  readonly temperature: number;
  /** System prompt to send before the user content (keeps the real request's prefix). */
  readonly system?: string;
  readonly signal?: AbortSignal;
}

export interface CompletionResult {
  readonly text: string;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Wall (or simulated) seconds the completion took. */
  readonly seconds: number;
}

export interface CompletionClient {
  complete(prompt: string, options: CompletionOptions): Promise<CompletionResult>;
}
