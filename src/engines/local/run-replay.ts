/**
 * One real-engine replay of a request list under one policy, end to end: create the context, run
 * the trace in real time, summarise. The CLI (`engine replay`), the benchmark and the fidelity
 * script all go through here, so they measure the same thing.
 */
import type { LlamaModel } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import type { SchedRequest } from '../../core/request.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import type { LengthPredictor } from '../../predictors/predictor.js';
import type { GgufFacts } from './llama-runtime.js';
import { LocalEngine } from './local-engine.js';
import { summarizeEngineRun } from './records-summary.js';
import { type ReplayResult, replayTrace } from './replay.js';
import { tracePrompt } from './trace-prompt.js';

export interface EngineReplaySetup {
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
  readonly clock: Clock;
  readonly policy: string;
  readonly requests: readonly SchedRequest[];
  /** Output-length predictor (the engine predicts each request on submission); absent = none. */
  readonly predictor?: LengthPredictor | undefined;
  /** Show policies true sizes (clairvoyant policies: sjf, srpt, ...). */
  readonly oracle: boolean;
  readonly slots: number;
  readonly contextPerSlot: number;
  /** KV-cell budget shared by running requests (default slots x contextPerSlot). */
  readonly kvTokens?: number | undefined;
  readonly maxBatchedTokens: number;
  readonly chunkCap: number;
  /** Batch-policy chunk size (sarathi, sglang-*). */
  readonly chunkSize?: number;
  /** Numeric batch-policy parameters (`--params`, e.g. slai offsetUnit=1). */
  readonly params?: Readonly<Record<string, number>>;
  readonly threads: number;
  readonly seed: number;
  /** Requests ended so far, each time one ends (progress; observe-only). */
  readonly onProgress?: (ended: number) => void;
}

export interface EngineReplayOutcome {
  readonly summary: RunSummary;
  readonly result: ReplayResult;
  readonly limits: LocalEngine['limits'];
}

export async function runEngineReplay(setup: EngineReplaySetup): Promise<EngineReplayOutcome> {
  const policy = resolveBatchPolicy(setup.policy, {
    ...(setup.chunkSize !== undefined ? { chunkSize: setup.chunkSize } : {}),
    ...(setup.params !== undefined ? { params: setup.params } : {}),
  });
  const engine = await LocalEngine.create({
    model: setup.model,
    facts: setup.facts,
    policy,
    clock: setup.clock,
    slots: setup.slots,
    contextPerSlot: setup.contextPerSlot,
    ...(setup.kvTokens !== undefined ? { kvTokens: setup.kvTokens } : {}),
    maxBatchedTokens: setup.maxBatchedTokens,
    chunkCap: setup.chunkCap,
    threads: setup.threads,
    ignoreEos: true,
    oracle: setup.oracle,
    ...(setup.predictor !== undefined ? { predictor: setup.predictor } : {}),
  });
  try {
    const bos = setup.model.tokens.bos;
    const vocab = { size: setup.facts.vocabSize, ...(bos !== null ? { bos } : {}) };
    const result = await replayTrace({
      engine,
      clock: setup.clock,
      requests: setup.requests,
      promptOf: (r) => tracePrompt(r, vocab, setup.seed, (text) => engine.tokenize(text)),
      ...(setup.onProgress === undefined ? {} : { onProgress: setup.onProgress }),
    });
    const summary = summarizeEngineRun(result.records, {
      policy: setup.policy,
      wallSeconds: result.wallSeconds,
      steps: result.steps,
      kvCells: engine.limits.totalBlocks * engine.limits.blockSize,
    });
    return { summary, result, limits: engine.limits };
  } finally {
    await engine.close();
  }
}
