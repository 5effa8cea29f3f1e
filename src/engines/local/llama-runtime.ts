/**
 * Loading llama.cpp through node-llama-cpp, CPU only, never building or downloading anything:
 * `getLlama({ gpu: false, build: 'never' })` uses the prebuilt linux/mac/win binary shipped in the
 * `@node-llama-cpp/<platform>` package. Turns the library's failures into one-line SchedulerErrors
 * that name the file (missing/corrupt GGUF) or the requested size (context allocation).
 */
import { existsSync, statSync } from 'node:fs';
import { freemem } from 'node:os';
import {
  getLlama,
  type Llama,
  type LlamaContext,
  LlamaLogLevel,
  type LlamaModel,
  readGgufFileInfo,
} from 'node-llama-cpp';
import { SchedulerError } from '../../core/errors.js';
import { gateContextSampling } from './sampling-gate.js';

let shared: Promise<Llama> | undefined;

/** The process-wide llama.cpp binding (loaded once). */
export function loadLlama(): Promise<Llama> {
  shared ??= getLlama({
    gpu: false,
    build: 'never',
    logLevel: LlamaLogLevel.error,
    progressLogs: false,
  }).catch((error: unknown) => {
    shared = undefined;
    throw new SchedulerError(
      'ENGINE_FAILURE',
      `cannot load the prebuilt llama.cpp binary of node-llama-cpp: ${(error as Error).message}`,
      { cause: error },
    );
  });
  return shared;
}

/** Facts read from the GGUF header (for KV sizing and error messages). */
export interface GgufFacts {
  readonly path: string;
  readonly architecture: string;
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly trainContext: number;
  readonly vocabSize: number;
  readonly chatTemplate: boolean;
}

/**
 * KV tokens per slot when none is asked for (`engine replay --context`, a `local` backend's
 * `contextPerSlot`): 2,048, or the model's trained context when that is smaller (0: unknown).
 */
export function defaultContextPerSlot(trainContext: number | undefined): number {
  return trainContext !== undefined && trainContext > 0 ? Math.min(2048, trainContext) : 2048;
}

/** Reads the GGUF header; a missing or corrupt file throws MODEL_INVALID naming the file. */
export async function readGgufFacts(path: string): Promise<GgufFacts> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new SchedulerError('MODEL_INVALID', `model file not found: ${path}`);
  }
  let info: Awaited<ReturnType<typeof readGgufFileInfo>>;
  try {
    info = await readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false });
  } catch (error) {
    throw new SchedulerError(
      'MODEL_INVALID',
      `not a valid GGUF file: ${path} (${(error as Error).message.split('\n')[0]})`,
      { cause: error },
    );
  }
  const arch = info.architectureMetadata as Record<string, unknown>;
  const attention = (arch['attention'] ?? {}) as Record<string, unknown>;
  const heads = Number(attention['head_count'] ?? 1);
  const width = Number(arch['embedding_length'] ?? 0);
  const meta = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
  return {
    path,
    architecture: String(meta['general']?.['architecture'] ?? 'unknown'),
    layers: Number(arch['block_count'] ?? 0),
    kvHeads: Number(attention['head_count_kv'] ?? heads),
    headDim: heads > 0 ? width / heads : 0,
    trainContext: Number(arch['context_length'] ?? 0),
    vocabSize: vocabularySize(meta['tokenizer']?.['ggml']),
    chatTemplate: typeof meta['tokenizer']?.['chat_template'] === 'string',
  };
}

function vocabularySize(ggml: unknown): number {
  if (typeof ggml !== 'object' || ggml === null) return 0;
  const tokens = (ggml as Record<string, unknown>)['tokens'];
  return Array.isArray(tokens) ? tokens.length : 0;
}

/** Loads a model; errors name the file. */
export async function openModel(path: string): Promise<{ model: LlamaModel; facts: GgufFacts }> {
  const facts = await readGgufFacts(path);
  const llama = await loadLlama();
  try {
    const model = await llama.loadModel({ modelPath: path });
    return { model, facts };
  } catch (error) {
    throw new SchedulerError(
      'MODEL_INVALID',
      `llama.cpp cannot load model ${path}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  }
}

/** KV cache bytes for `tokens` cells (F16 keys and values). */
export function kvBytes(facts: GgufFacts, tokens: number): number {
  return 2 * facts.layers * facts.kvHeads * facts.headDim * 2 * tokens;
}

export interface ContextRequest {
  readonly contextPerSlot: number;
  readonly slots: number;
  readonly batchSize: number;
  readonly threads: number;
  /** node-llama-cpp's batching hook: our engine observes each dispatched batch through it. */
  readonly onBatch?: (items: number, tokens: number) => void;
}

/** Creates the context; an allocation failure reports the requested size (CAPACITY_EXCEEDED). */
export async function createEngineContext(
  model: LlamaModel,
  facts: GgufFacts,
  request: ContextRequest,
): Promise<LlamaContext> {
  const { onBatch } = request;
  const cells = request.contextPerSlot * request.slots;
  const describe = (): string => {
    const mib = (kvBytes(facts, cells) / 2 ** 20).toFixed(1);
    return (
      `cannot create a llama.cpp context of ${request.slots} x ${request.contextPerSlot} tokens ` +
      `(${cells} KV cells, about ${mib} MiB of KV cache) for ${facts.path}`
    );
  };
  // node-llama-cpp's own RAM check can take seconds or let a huge allocation through (CPU-only
  // builds estimate against VRAM), so refuse what cannot fit in free memory up front.
  if (!Number.isSafeInteger(cells) || cells >= 2 ** 32 || kvBytes(facts, cells) > freemem()) {
    throw new SchedulerError(
      'CAPACITY_EXCEEDED',
      `${describe()}: more than the ${(freemem() / 2 ** 20).toFixed(0)} MiB of free memory`,
    );
  }
  let context: LlamaContext;
  try {
    context = await model.createContext({
      contextSize: request.contextPerSlot,
      sequences: request.slots,
      batchSize: request.batchSize,
      threads: request.threads,
      flashAttention: false,
      failedCreationRemedy: false,
      batching: {
        dispatchSchedule: 'nextCycle',
        itemPrioritizationStrategy: ({ items }) => {
          onBatch?.(
            items.length,
            items.reduce((sum, item) => sum + item.tokens.length, 0),
          );
          // The engine queues exactly one step's plan per dispatch and sizes batchSize to the step
          // budget, so every item fits whole: keep the plan's order and amounts.
          return items.map((item) => ({ item, processAmount: item.tokens.length }));
        },
      },
    });
  } catch (error) {
    throw new SchedulerError(
      'CAPACITY_EXCEEDED',
      `${describe()}: ${(error as Error).message.split('\n')[0]}`,
      {
        cause: error,
      },
    );
  }
  gateContextSampling(context); // a batch's samplings must not race on llama.cpp's output reorder
  return context;
}
