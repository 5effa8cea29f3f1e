/**
 * A minimal fetch-based CompletionClient for any OpenAI-compatible server (vLLM, SGLang,
 * llama.cpp server, Ollama, our gateway): POST `{baseUrl}/v1/chat/completions` with one user
 * message (plus the system prompt when given), `max_tokens`, `temperature`.
 * `seconds` is measured with the injected clock. HTTP errors become SchedulerError
 * ('ENGINE_FAILURE'), retryable for 408/409/429/5xx; a missing `choices[0].message.content` is a
 * protocol error (not retryable). `timeoutSeconds` (default 30) aborts a hung request.
 *
 * @example
 * const client = createOpenAICompletionClient({ baseUrl: 'http://127.0.0.1:8000', model: 'llama', clock });
 */

import type { Clock } from '../core/clock.js';
import { SchedulerError } from '../core/errors.js';
import type { CompletionClient, CompletionOptions, CompletionResult } from './completion-client.js';

/** Where and how to reach the server: base URL, model, clock, key and timeout. */
export interface OpenAICompletionClientOptions {
  readonly baseUrl: string;
  readonly model: string;
  readonly clock: Clock;
  readonly apiKey?: string;
  readonly timeoutSeconds?: number;
  readonly fetch?: typeof fetch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function createOpenAICompletionClient(
  options: OpenAICompletionClientOptions,
): CompletionClient {
  const url = `${options.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
  const doFetch = options.fetch ?? fetch;
  return {
    async complete(prompt: string, request: CompletionOptions): Promise<CompletionResult> {
      const started = options.clock.now();
      const messages = [
        ...(request.system === undefined ? [] : [{ role: 'system', content: request.system }]),
        { role: 'user', content: prompt },
      ];
      const timeout = AbortSignal.timeout((options.timeoutSeconds ?? 30) * 1000);
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
          },
          body: JSON.stringify({
            model: options.model,
            messages,
            max_tokens: request.maxTokens,
            temperature: request.temperature,
            stream: false,
          }),
          signal:
            request.signal === undefined ? timeout : AbortSignal.any([timeout, request.signal]),
        });
      } catch (error) {
        throw new SchedulerError('ENGINE_FAILURE', `completion request to ${url} failed`, {
          cause: error,
          retryable: true,
        });
      }
      if (!response.ok) {
        const status = response.status;
        throw new SchedulerError('ENGINE_FAILURE', `completion request to ${url}: HTTP ${status}`, {
          retryable: status === 408 || status === 409 || status === 429 || status >= 500,
        });
      }
      const body: unknown = await response.json().catch(() => undefined);
      const choice =
        isRecord(body) && Array.isArray(body['choices']) ? body['choices'][0] : undefined;
      const message = isRecord(choice) ? choice['message'] : undefined;
      const text = isRecord(message) ? message['content'] : undefined;
      if (typeof text !== 'string') {
        throw new SchedulerError(
          'ENGINE_FAILURE',
          `completion response from ${url} has no choices[0].message.content`,
        );
      }
      const usage = isRecord(body) && isRecord(body['usage']) ? body['usage'] : {};
      const promptTokens = usage['prompt_tokens'];
      const completionTokens = usage['completion_tokens'];
      return {
        text,
        promptTokens: typeof promptTokens === 'number' ? promptTokens : 0,
        completionTokens: typeof completionTokens === 'number' ? completionTokens : 0,
        seconds: Math.max(0, options.clock.now() - started),
      };
    },
  };
}
