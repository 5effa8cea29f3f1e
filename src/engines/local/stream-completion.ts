/**
 * One completion streamed as it is produced (`llmsched engine generate`): the prompt goes through
 * the GGUF's chat template when it has one (node-llama-cpp's `resolveChatWrapper`), then through a
 * one-slot LocalEngine, so generation takes exactly the engine's path. EOS ends the completion.
 */
import { type LlamaModel, resolveChatWrapper } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import { requestId } from '../../core/ids.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import type { GenerationResult } from './engine-request.js';
import type { GgufFacts } from './llama-runtime.js';
import { LocalEngine } from './local-engine.js';
import { forEachTextDelta } from './text-deltas.js';

export interface CompletionOptions {
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
  readonly clock: Clock;
  readonly prompt: string;
  readonly maxTokens: number;
  /** Apply the GGUF chat template (when the file has one). */
  readonly chatTemplate: boolean;
  readonly temperature: number;
  readonly seed: number;
  readonly threads: number;
  readonly write: (text: string) => void;
  readonly signal?: AbortSignal;
}

/** Prompt tokens: chat-templated when asked and available, else raw text with BOS. */
export function promptTokens(
  model: LlamaModel,
  facts: GgufFacts,
  prompt: string,
  chat: boolean,
): number[] {
  if (chat && facts.chatTemplate) {
    const wrapper = resolveChatWrapper(model);
    const state = wrapper.generateContextState({
      chatHistory: [
        { type: 'user', text: prompt },
        { type: 'model', response: [] },
      ],
    });
    return state.contextText.tokenize(model.tokenizer);
  }
  const tokens = model.tokenize(prompt);
  const bos = model.tokens.bos;
  return bos !== null && model.tokens.shouldPrependBosToken ? [bos, ...tokens] : tokens;
}

export async function streamCompletion(options: CompletionOptions): Promise<GenerationResult> {
  const { model } = options;
  const prompt = promptTokens(model, options.facts, options.prompt, options.chatTemplate);
  const contextPerSlot = Math.min(
    Math.max(prompt.length + options.maxTokens + 1, 256),
    Math.max(options.facts.trainContext, 256),
  );
  const engine = await LocalEngine.create({
    model,
    facts: options.facts,
    policy: resolveBatchPolicy('vllm-fcfs'),
    clock: options.clock,
    slots: 1,
    contextPerSlot,
    maxBatchedTokens: 512,
    threads: options.threads,
    temperature: options.temperature,
  });
  try {
    const handle = engine.submit(
      { id: requestId('generate'), prompt, maxTokens: options.maxTokens, seed: options.seed },
      options.signal ? { signal: options.signal } : {},
    );
    await forEachTextDelta(engine, handle, options.write);
    const result = await handle.result;
    if (result.error && result.record.finishReason === 'error') throw result.error;
    return result;
  } finally {
    await engine.close();
  }
}
