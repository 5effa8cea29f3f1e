/**
 * `llmsched engine profile`: measures this machine's llama.cpp step time over a grid of batch
 * compositions (prefill chunk t at context c; decode batch B at context ctx; mixed steps), through the
 * same evaluation path as the LocalEngine (one concurrent `controlledEvaluate` per sequence = one
 * llama_decode), then fits the linear-step cost model the simulator loads
 * (`simulate --cost-model FILE.json`). Median of `repeats` runs per point; a warm-up step first.
 */
import { basename } from 'node:path';
import { type LlamaContextSequence, type LlamaModel, type Token, TokenBias } from 'node-llama-cpp';
import type { Clock } from '../../core/clock.js';
import { createRng } from '../../core/rng.js';
import type { StepBatch } from '../../sim/cost/cost-model.js';
import type { LinearStepPreset } from '../../sim/cost/linear-step-cost.js';
import { fitLinearStep, type MeasuredStep } from './fit-linear-step.js';
import { createEngineContext, type GgufFacts } from './llama-runtime.js';

export interface ProfileOptions {
  readonly model: LlamaModel;
  readonly facts: GgufFacts;
  readonly clock: Clock;
  /** Largest decode batch measured (= engine slots). */
  readonly maxBatch: number;
  /** Largest context measured (= engine context per slot). */
  readonly maxContext: number;
  readonly repeats: number;
  readonly threads: number;
  /** Largest prefill chunk measured (default 256: the engine's default step budget). */
  readonly maxChunk?: number;
  readonly log?: (line: string) => void;
}

export interface ProfilePreset extends LinearStepPreset {
  readonly description: string;
  readonly fit: { readonly rmsRelativeError: number; readonly points: number };
  readonly measured: readonly { readonly batch: StepBatch; readonly seconds: number }[];
}

interface Item {
  readonly sequence: LlamaContextSequence;
  readonly tokens: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export async function profileEngine(options: ProfileOptions): Promise<ProfilePreset> {
  const { model, facts, clock } = options;
  const maxChunk = Math.min(options.maxChunk ?? 256, options.maxContext);
  // the replay's own context shape: slot size, batch size, threads (a larger context or batch
  // changes llama.cpp's buffers and the KV stride, so its step times)
  const context = await createEngineContext(model, facts, {
    contextPerSlot: options.maxContext,
    slots: options.maxBatch,
    batchSize: Math.max(maxChunk, options.maxBatch),
    threads: options.threads,
  });
  // and the replay's sampling: greedy, end-of-generation tokens banned (ignore EOS)
  const bias = new TokenBias(model.tokenizer);
  for (const t of [model.tokens.eos, model.tokens.eot]) if (t !== null) bias.set(t, 'never');
  const generateNext = { token: true, options: { temperature: 0, tokenBias: bias } } as const;
  const rng = createRng(7);
  const low = Math.min(259, facts.vocabSize - 1);
  const randomTokens = (n: number): Token[] =>
    Array.from({ length: n }, () => (low + (rng.nextUint32() % (facts.vocabSize - low))) as Token);
  const sequences = Array.from({ length: options.maxBatch }, () => context.getSequence());
  const setContext = async (seq: LlamaContextSequence, length: number): Promise<void> => {
    if (seq.nextTokenIndex > length) {
      await seq.eraseContextTokenRanges([{ start: length, end: seq.nextTokenIndex }]);
    }
    let missing = length - seq.nextTokenIndex;
    while (missing > 0) {
      const n = Math.min(missing, maxChunk);
      await seq.controlledEvaluate(randomTokens(n));
      missing -= n;
    }
  };
  /** One timed step: every item evaluates its tokens, the last one sampling a token. */
  const timedStep = async (items: readonly Item[]): Promise<number> => {
    const start = clock.now();
    await Promise.all(
      items.map((item) => {
        const feed: (Token | [Token, { generateNext: typeof generateNext }])[] = randomTokens(
          item.tokens,
        );
        feed[feed.length - 1] = [feed.at(-1) as Token, { generateNext }];
        return item.sequence.controlledEvaluate(feed);
      }),
    );
    return clock.now() - start;
  };
  type Point = {
    readonly prefill?: { t: number; c: number };
    readonly decodes: number;
    readonly ctx: number;
  };
  const runPoint = async (point: Point): Promise<number> => {
    const items: Item[] = [];
    const first = point.prefill ? 1 : 0;
    for (const seq of sequences.slice(first, first + point.decodes)) {
      await setContext(seq, point.ctx);
      items.push({ sequence: seq, tokens: 1 });
    }
    if (point.prefill) {
      const seq = sequences[0] as LlamaContextSequence;
      await setContext(seq, point.prefill.c);
      items.push({ sequence: seq, tokens: point.prefill.t });
    }
    return timedStep(items);
  };
  const points: Point[] = [];
  const chunks = [8, 32, 64, 128, maxChunk].filter(
    (t, i, a) => t <= maxChunk && a.indexOf(t) === i,
  );
  const contexts = [0, Math.floor(options.maxContext / 2), options.maxContext - maxChunk].filter(
    (c, i, a) => c >= 0 && a.indexOf(c) === i,
  );
  for (const c of contexts)
    for (const t of chunks.filter((x) => c + x <= options.maxContext))
      points.push({ prefill: { t, c }, decodes: 0, ctx: 0 });
  const batches = [1, 2, 4, 8, 16, 32].filter((b) => b <= options.maxBatch);
  if (!batches.includes(options.maxBatch)) batches.push(options.maxBatch);
  const decodeContexts = [
    32,
    Math.floor(options.maxContext / 4),
    Math.floor(options.maxContext / 2),
    options.maxContext - 8,
  ];
  for (const ctx of decodeContexts) for (const b of batches) points.push({ decodes: b, ctx });
  for (const t of [32, 128].filter((x) => x <= maxChunk)) {
    for (const b of batches.filter((x) => x < options.maxBatch && t + x <= maxChunk)) {
      points.push({ prefill: { t, c: 0 }, decodes: b, ctx: Math.floor(options.maxContext / 4) });
    }
  }
  // the whole grid `repeats` times, interleaved, so a burst of load from other processes spreads
  // over many points instead of spoiling one; median per point
  const times: number[][] = points.map(() => []);
  try {
    for (let w = 0; w < 3; w++) await runPoint({ prefill: { t: 64, c: 0 }, decodes: 0, ctx: 0 }); // warm-up
    for (let r = 0; r < options.repeats; r++) {
      for (const [i, point] of points.entries()) (times[i] as number[]).push(await runPoint(point));
    }
  } finally {
    await context.dispose();
  }
  const measured: MeasuredStep[] = points.map((point, i) => ({
    batch: {
      prefillSeqs: point.prefill ? 1 : 0,
      prefillTokens: point.prefill?.t ?? 0,
      prefillAttention: point.prefill
        ? point.prefill.t * (point.prefill.c + point.prefill.t / 2)
        : 0,
      decodeSeqs: point.decodes,
      // the one definition (executor core): a decode after ctx tokens reads ctx + 1 (its own)
      decodeContext: point.decodes * (point.ctx + 1),
    },
    seconds: median(times[i] as number[]),
  }));
  for (const m of measured) {
    const b = m.batch;
    options.log?.(
      `prefill ${b.prefillTokens} (attention ${b.prefillAttention}) decodes ${b.decodeSeqs} (context ${b.decodeContext}): ${(m.seconds * 1000).toFixed(2)} ms`,
    );
  }
  const fit = fitLinearStep(measured);
  options.log?.(
    `fit: rms relative error ${(100 * fit.rmsRelativeError).toFixed(1)}% over ${measured.length} points`,
  );
  const name = `cpu-${basename(facts.path, '.gguf')}`;
  return {
    name,
    kind: 'linear-step',
    coefficients: fit.coefficients,
    kvCapacityTokens: options.maxBatch * options.maxContext,
    blockSize: 16,
    swapSecondsPerBlock: 0,
    description: `llama.cpp (node-llama-cpp, CPU, ${options.threads} thread(s)) step times of ${facts.path}, measured by llmsched engine profile`,
    fit: { rmsRelativeError: fit.rmsRelativeError, points: measured.length },
    measured,
  };
}
