/**
 * The built-in engine as a gateway backend: a LocalEngine (llama.cpp through node-llama-cpp) on a
 * GGUF, by default the model the project generates itself (no download). Capacity = its slots, so
 * the queue forms at the gateway, where the policy orders it; the engine runs what it is given
 * (vllm-fcfs inside). The prompt is the messages' text through the GGUF's chat template when it has
 * one. Sampling is the engine's (greedy); `ignoreEos` makes outputs obey max_tokens (benchmarks).
 */
import type { LlamaModel } from 'node-llama-cpp';
import { type Backend, BackendError, type BackendRequest } from '../../backends/backend.js';
import type { CancelSource } from '../../backends/cancel-source.js';
import type { Clock } from '../../core/clock.js';
import {
  defaultContextPerSlot,
  type GgufFacts,
  openModel,
} from '../../engines/local/llama-runtime.js';
import { LocalEngine } from '../../engines/local/local-engine.js';
import { resolveModelPath } from '../../engines/local/model-source.js';
import { promptTokens } from '../../engines/local/stream-completion.js';
import { forEachTextDelta } from '../../engines/local/text-deltas.js';
import { TokenStream } from '../../engines/local/token-stream.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import type { BackendConfig } from '../gateway-config.js';
import { errorBody } from '../gateway-error.js';
import { identityOf, textEvents } from './token-text-stream.js';

type LocalConfig = Extract<BackendConfig, { kind: 'local' }>;

export interface LocalBackend extends Backend {
  readonly engine: LocalEngine;
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
}

export async function createLocalBackend(
  config: LocalConfig,
  name: string,
  clock: Clock,
): Promise<LocalBackend> {
  const path = resolveModelPath(
    config.modelPath !== undefined
      ? { kind: 'file', path: config.modelPath }
      : { kind: 'preset', preset: config.preset, seed: config.modelSeed },
  );
  const { model, facts } = await openModel(path);
  const engine = await LocalEngine.create({
    model,
    facts,
    policy: resolveBatchPolicy('vllm-fcfs'),
    clock,
    slots: config.slots,
    contextPerSlot: config.contextPerSlot ?? defaultContextPerSlot(facts.trainContext),
    maxBatchedTokens: config.maxBatchedTokens,
    threads: config.threads,
    ignoreEos: config.ignoreEos,
  });

  async function* start(request: BackendRequest, cancel: CancelSource) {
    // the engine takes an AbortSignal: a bridge (this backend generates for seconds; its cost is noise)
    const controller = new AbortController();
    if (cancel.aborted) controller.abort();
    else cancel.once('abort', () => controller.abort());
    const signal = controller.signal;
    const prompt = promptTokens(model, facts, request.promptText, request.kind === 'chat');
    if (prompt.length >= engine.contextPerSlot) {
      const message = `the prompt has ${prompt.length} tokens; this model's context holds at most ${engine.contextPerSlot - 1} (the backend's contextPerSlot)`;
      throw new BackendError(message, {
        status: 400,
        beforeFirstByte: true,
        upstreamBody: errorBody(
          message,
          'invalid_request_error',
          'context_length_exceeded',
          'messages',
        ),
      });
    }
    const maxTokens = Math.max(
      1,
      Math.min(request.maxTokens, engine.contextPerSlot - prompt.length),
    );
    let handle: ReturnType<LocalEngine['submit']>;
    try {
      handle = engine.submit(
        {
          id: request.id,
          prompt,
          maxTokens,
          priority: request.priority,
          ...(request.predictedTokens !== undefined
            ? { predictedSize: request.predictedTokens }
            : {}),
        },
        { signal },
      );
    } catch (error) {
      throw new BackendError(`backend ${name}: ${(error as Error).message}`, {
        status: 502,
        beforeFirstByte: true,
        cause: error,
      });
    }
    const deltas = new TokenStream<string>();
    void forEachTextDelta(engine, handle, (delta) => deltas.push(delta)).then(() => deltas.close());
    const outcome = async () => {
      const result = await handle.result;
      if (result.error && result.record.finishReason !== 'cancelled') {
        throw new BackendError(`backend ${name}: ${result.error.message}`, {
          status: 502,
          beforeFirstByte: result.tokens.length === 0,
        });
      }
      const reason = result.record.finishReason;
      return {
        finish: reason === 'stop' ? ('stop' as const) : ('length' as const),
        promptTokens: prompt.length,
        completionTokens: result.tokens.length,
      };
    };
    yield* textEvents(request, identityOf(request), deltas, outcome);
  }

  return {
    name,
    kind: 'local',
    capacity: { maxConcurrent: config.maxConcurrent ?? config.slots, maxTokensInFlight: 0 },
    models: [config.modelName],
    engine,
    model,
    facts,
    start,
    close: async () => {
      await engine.close();
      await model.dispose();
    },
  };
}
