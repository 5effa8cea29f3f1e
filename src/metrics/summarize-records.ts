/**
 * Request records -> the RunSummary plus detailed metrics (design.md definitions):
 * TTFT = first token - arrival; TPOT = (E2E - TTFT) / (output - 1) (requests with > 1 token);
 * TBT = every gap between consecutive tokens; E2E = last token - arrival; queue delay = first
 * scheduled - arrival; normalized latency = E2E / output tokens.
 * SLO: a completed request meets it when TTFT <= ttft target and its TBT (p99 of its own gaps, or
 * every gap with `tbtRule: 'every'`) <= tbt target; per-request targets override the run's.
 * Attainment = met / completed (1 when no target is set); goodput = met / duration.
 * The pooled TBT distribution (detail.tbt, per-class tail TBT) is a fixed-size sketch
 * (latency-sketch.ts: quantiles within 0.1%, mean exact): from `options.tbt` when the executor
 * reduced its requests' token gaps as they finished, else from the records' `tokenTimes`.
 */

import { sloClassList } from '../core/slo-classes.js';
import { latencyStats } from './latency-stats.js';
import { firstTokenTimeOf, generatedTokensOf, type RequestRecord } from './request-record.js';
import type { LatencyStats, RunSummary } from './run-summary.js';
import { summarizeSloClasses } from './slo-class-summary.js';
import { ownTbt, type TbtByClass, tbtFromRecords } from './token-gaps.js';

/**
 * What a summary needs besides the records: the policy name, the wall time, the SLO targets and
 * rule, and the executor-side counters.
 */
export interface SummarizeOptions {
  readonly policy: string;
  readonly wallSeconds?: number;
  readonly sloTtft?: number;
  readonly sloTbt?: number;
  readonly tbtRule?: 'p99' | 'every';
  readonly preemptions?: number;
  readonly prefixHitRate?: number;
  readonly meanKvUtilization?: number;
  /**
   * The completed requests' token gaps by SLO class, collected by the executor as they finished
   * (its records then carry no `tokenTimes`); default: built from the records' `tokenTimes`.
   */
  readonly tbt?: TbtByClass;
}

export interface DetailedMetrics {
  readonly tbt: LatencyStats;
  readonly normalizedLatency: LatencyStats;
  readonly requestsPerSecond: number;
  readonly failed: number;
  readonly failedByKind: Readonly<Record<string, number>>;
  readonly sloMet: number;
}

export interface Summarized {
  readonly summary: RunSummary;
  readonly detail: DetailedMetrics;
}

/** The SLO rule's TBT of one request: p99 of its own gaps, or the largest with rule 'every'. */
function requestTbt(record: RequestRecord, rule: 'p99' | 'every'): number {
  const times = record.tokenTimes;
  const own =
    times !== undefined
      ? ownTbt(times, times.length)
      : { max: record.tbtMax ?? 0, p99: record.tbtP99 ?? 0 };
  return rule === 'every' ? own.max : own.p99;
}

/** Records as an array, or any iterable that knows its length (record-columns.ts). */
export type RecordSource = Iterable<RequestRecord> & { readonly length: number };

export function summarizeRecords(records: RecordSource, options: SummarizeOptions): Summarized {
  const ttft: number[] = [];
  const tpot: number[] = [];
  const tbtByClass = options.tbt ?? tbtFromRecords(records, options.sloTtft, options.sloTbt);
  const e2e: number[] = [];
  const queue: number[] = [];
  const normalized: number[] = [];
  const failedByKind: Record<string, number> = {};
  const byCause = { budget: 0, memory: 0, maxSeqs: 0, policy: 0, inFlight: 0 };
  let split = 0;
  let firstArrival = Number.POSITIVE_INFINITY;
  let lastFinish = Number.NEGATIVE_INFINITY;
  let completed = 0;
  let outputTokens = 0;
  let met = 0;
  const rule = options.tbtRule ?? 'p99';
  let preemptionSum = 0;
  let ownTargets = false;
  for (const record of records) {
    preemptionSum += record.preemptions;
    if (record.sloTtft !== undefined || record.sloTbt !== undefined) ownTargets = true;
    firstArrival = Math.min(firstArrival, record.arrivalTime);
    if (record.firstScheduledTime !== undefined)
      queue.push(record.firstScheduledTime - record.arrivalTime);
    const causes = record.queueByCause;
    if (causes !== undefined) {
      split++;
      byCause.budget += causes.budget;
      byCause.memory += causes.memory;
      byCause.maxSeqs += causes.maxSeqs;
      byCause.policy += causes.policy;
      byCause.inFlight += causes.inFlight;
    }
    if (record.error) {
      failedByKind[record.error.kind] = (failedByKind[record.error.kind] ?? 0) + 1;
      continue;
    }
    if (record.finishTime === undefined) continue;
    const generated = generatedTokensOf(record);
    const first = firstTokenTimeOf(record) ?? record.finishTime;
    completed++;
    outputTokens += generated;
    lastFinish = Math.max(lastFinish, record.finishTime);
    const t = first - record.arrivalTime;
    const e = record.finishTime - record.arrivalTime;
    ttft.push(t);
    e2e.push(e);
    normalized.push(e / Math.max(1, generated));
    if (generated > 1) tpot.push((e - t) / (generated - 1));
    const ttftTarget = record.sloTtft ?? options.sloTtft;
    const tbtTarget = record.sloTbt ?? options.sloTbt;
    const ttftOk = ttftTarget === undefined || t <= ttftTarget;
    const tbtOk = tbtTarget === undefined || requestTbt(record, rule) <= tbtTarget;
    if (ttftOk && tbtOk) met++;
  }
  const duration = completed > 0 ? lastFinish - firstArrival : 0;
  const failed = records.length - completed;
  const summary: RunSummary = {
    policy: options.policy,
    requests: records.length,
    completed,
    durationSeconds: duration,
    wallSeconds: options.wallSeconds ?? 0,
    throughputTokensPerSecond: duration > 0 ? outputTokens / duration : 0,
    ttft: latencyStats(ttft),
    tpot: latencyStats(tpot),
    e2e: latencyStats(e2e),
    queueDelay: latencyStats(queue),
    normalizedLatency: latencyStats(normalized),
    queueByCause: {
      budget: split > 0 ? byCause.budget / split : 0,
      memory: split > 0 ? byCause.memory / split : 0,
      maxSeqs: split > 0 ? byCause.maxSeqs / split : 0,
      policy: split > 0 ? byCause.policy / split : 0,
      inFlight: split > 0 ? byCause.inFlight / split : 0,
    },
    sloAttainment: completed > 0 ? met / completed : 0,
    goodput: duration > 0 ? met / duration : 0,
    preemptions: options.preemptions ?? preemptionSum,
    prefixHitRate: options.prefixHitRate ?? 0,
    meanKvUtilization: options.meanKvUtilization ?? 0,
    ...(ownTargets
      ? {
          sloClasses: summarizeSloClasses(records, {
            ...(options.sloTtft === undefined ? {} : { sloTtft: options.sloTtft }),
            ...(options.sloTbt === undefined ? {} : { sloTbt: options.sloTbt }),
            durationSeconds: duration,
            classNames: sloClassList,
            tbt: tbtByClass,
          }),
        }
      : {}),
  };
  return {
    summary,
    detail: {
      tbt: tbtByClass.all().stats(),
      normalizedLatency: latencyStats(normalized),
      requestsPerSecond: duration > 0 ? completed / duration : 0,
      failed,
      failedByKind,
      sloMet: met,
    },
  };
}
