/**
 * RunSummary of a real-engine run: the simulator's own `summarizeRecords` (metrics/) on the engine's
 * request records, plus what only the engine knows: preemptions, prefix reuse (prompt tokens served
 * from resident KV / prompt tokens) and KV utilisation (mean share of the context's KV cells held by
 * running requests over steps).
 */
import type { RequestRecord } from '../../metrics/request-record.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import { summarizeRecords } from '../../metrics/summarize-records.js';
import type { StepRecord } from './local-engine.js';

export interface SummaryContext {
  readonly policy: string;
  readonly wallSeconds: number;
  readonly steps: readonly StepRecord[];
  /** Total KV cells (slots x context per slot). */
  readonly kvCells: number;
}

export function summarizeEngineRun(
  records: readonly RequestRecord[],
  ctx: SummaryContext,
): RunSummary {
  const prompt = records.reduce((s, r) => s + r.promptTokens, 0);
  const cached = records.reduce((s, r) => s + r.cachedPromptTokens, 0);
  const kv = ctx.steps.reduce((s, step) => s + step.kvTokens, 0);
  return summarizeRecords(records, {
    policy: ctx.policy,
    wallSeconds: ctx.wallSeconds,
    preemptions: records.reduce((s, r) => s + r.preemptions, 0),
    prefixHitRate: prompt > 0 ? cached / prompt : 0,
    meanKvUtilization:
      ctx.steps.length > 0 && ctx.kvCells > 0 ? kv / ctx.steps.length / ctx.kvCells : 0,
  }).summary;
}
