/**
 * Builds the configured backends (and the self-prediction client, when one is named): `openai`
 * (any OpenAI-compatible URL), `local` (the built-in llama.cpp engine), `sim` (the simulator paced
 * in real time).
 */

import type { Backend } from '../backends/backend.js';
import { createOpenAiBackend } from '../backends/openai-backend.js';
import { assertNever } from '../core/assert-never.js';
import type { Clock } from '../core/clock.js';
import { SchedulerError } from '../core/errors.js';
import { createEngineCompletionClient } from '../engines/local/engine-completion-client.js';
import type { CompletionClient } from '../predictors/completion-client.js';
import { createOpenAICompletionClient } from '../predictors/openai-completion-client.js';
import { createLocalBackend, type LocalBackend } from './backends/local-backend.js';
import { createSimBackend } from './backends/sim-backend.js';
import { backendName, type GatewayConfig } from './gateway-config.js';

export interface BuiltBackends {
  readonly backends: Backend[];
  readonly selfPredictClient?: CompletionClient;
}

export async function createBackends(config: GatewayConfig, clock: Clock): Promise<BuiltBackends> {
  const backends: Backend[] = [];
  const clients = new Map<string, CompletionClient>();
  try {
    for (const [i, entry] of config.backends.entries()) {
      const name = backendName(entry, i);
      switch (entry.kind) {
        case 'openai': {
          const apiKey =
            entry.apiKey ?? (entry.apiKeyEnv ? process.env[entry.apiKeyEnv] : undefined);
          if (entry.apiKeyEnv && apiKey === undefined) {
            throw new SchedulerError(
              'CONFIG_INVALID',
              `backends.${i}.apiKeyEnv: environment variable ${entry.apiKeyEnv} is not set`,
            );
          }
          backends.push(
            createOpenAiBackend({
              name,
              url: entry.url,
              ...(apiKey !== undefined ? { apiKey } : {}),
              capacity: {
                maxConcurrent: entry.maxConcurrent,
                maxTokensInFlight: entry.maxTokensInFlight,
              },
              models: entry.models,
              priorityField: entry.priorityField,
              firstByteTimeoutMs: entry.firstByteTimeoutMs,
              idleTimeoutMs: entry.idleTimeoutMs,
              ...(entry.upstreamModel !== undefined ? { upstreamModel: entry.upstreamModel } : {}),
            }),
          );
          const model = entry.upstreamModel ?? entry.models[0];
          if (model !== undefined) {
            clients.set(
              name,
              createOpenAICompletionClient({
                baseUrl: entry.url,
                model,
                clock,
                ...(apiKey !== undefined ? { apiKey } : {}),
              }),
            );
          }
          break;
        }
        case 'local': {
          const local: LocalBackend = await createLocalBackend(entry, name, clock);
          backends.push(local);
          clients.set(name, createEngineCompletionClient(local.engine, clock, `self-${name}`));
          break;
        }
        case 'sim':
          backends.push(createSimBackend(entry, name, clock));
          break;
        default:
          assertNever(entry);
      }
    }
  } catch (error) {
    for (const backend of backends) await backend.close();
    throw error;
  }
  if (config.selfPredictBackend === undefined) return { backends };
  const client = clients.get(config.selfPredictBackend);
  if (!client) {
    for (const backend of backends) await backend.close();
    throw new SchedulerError(
      'CONFIG_INVALID',
      `selfPredictBackend: '${config.selfPredictBackend}' is not a local backend or an openai backend with a model name`,
    );
  }
  return { backends, selfPredictClient: client };
}
