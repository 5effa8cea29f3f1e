/**
 * RunSummary of a real-engine run from its request records and step log (the same shape
 * `llmsched simulate --json` prints). Definitions as in design.md: TTFT = first token - arrival,
 * TPOT = (E2E - TTFT) / (tokens - 1), queue delay = first scheduled - arrival; SLO attainment over
 * completed requests (1 when no target is set); KV utilisation = mean share of the context's KV
 * cells held by running requests over steps.
 */
import { latencyStats } from '../../metrics/latency-stats.js';
import type { RequestRecord } from '../../metrics/request-record.js';
import type { RunSummary } from '../../metrics/run-summary.js';
import type { StepRecord } from './local-engine.js';

export interface SummaryContext {
  readonly policy: string;
  readonly wallSeconds: number;
  readonly steps: readonly StepRecord[];
  /** Total KV cells (slots x context per slot). */
  readonly kvCells: number;
}

function meetsSlo(r: RequestRecord, ttft: number): boolean {
  if (r.sloTtft !== undefined && ttft > r.sloTtft) return false;
  if (r.sloTbt !== undefined) {
    for (let i = 1; i < r.tokenTimes.length; i++) {
      if ((r.tokenTimes[i] as number) - (r.tokenTimes[i - 1] as number) > r.sloTbt) return false;
    }
  }
  return true;
}

export function summarizeEngineRun(records: readonly RequestRecord[], ctx: SummaryContext): RunSummary {
  const done = records.filter((r) => r.finishTime !== undefined && r.tokenTimes.length > 0);
  const ttft: number[] = [];
  const tpot: number[] = [];
  const e2e: number[] = [];
  const queue: number[] = [];
  let good = 0;
  let tokens = 0;
  for (const r of done) {
    const first = (r.tokenTimes[0] as number) - r.arrivalTime;
    const total = (r.finishTime as number) - r.arrivalTime;
    ttft.push(first);
    e2e.push(total);
    if (r.tokenTimes.length > 1) tpot.push((total - first) / (r.tokenTimes.length - 1));
    if (r.firstScheduledTime !== undefined) queue.push(r.firstScheduledTime - r.arrivalTime);
    if (meetsSlo(r, first)) good++;
    tokens += r.tokenTimes.length;
  }
  const firstArrival = Math.min(...records.map((r) => r.arrivalTime));
  const lastFinish = Math.max(...done.map((r) => r.finishTime as number));
  const duration = done.length > 0 ? lastFinish - firstArrival : 0;
  const prompt = records.reduce((s, r) => s + r.promptTokens, 0);
  const cached = records.reduce((s, r) => s + r.cachedPromptTokens, 0);
  const kv = ctx.steps.reduce((s, step) => s + step.kvTokens, 0);
  return {
    policy: ctx.policy,
    requests: records.length,
    completed: done.length,
    durationSeconds: duration,
    wallSeconds: ctx.wallSeconds,
    throughputTokensPerSecond: duration > 0 ? tokens / duration : 0,
    ttft: latencyStats(ttft),
    tpot: latencyStats(tpot),
    e2e: latencyStats(e2e),
    queueDelay: latencyStats(queue),
    sloAttainment: done.length > 0 ? good / done.length : 0,
    goodput: duration > 0 ? good / duration : 0,
    preemptions: records.reduce((s, r) => s + r.preemptions, 0),
    prefixHitRate: prompt > 0 ? cached / prompt : 0,
    meanKvUtilization:
      ctx.steps.length > 0 && ctx.kvCells > 0 ? kv / ctx.steps.length / ctx.kvCells : 0,
  };
}
