/**
 * Runs one sweep point: read the trace at the point's load, simulate, and keep the summary plus
 * the per-request TTFT and E2E of the completed requests (for the report's CDFs).
 * Used in worker threads by `compare` and in-process by `capacity` (which passes `onNotice`).
 */

import { performance } from 'node:perf_hooks';
import type { SchedRequest } from '../../core/request.js';
import { firstTokenTimeOf } from '../../metrics/request-record.js';
import { resolveBatchPolicy } from '../../policies/batch/registry.js';
import { createEngineProfile } from '../../sim/cost/engine-profiles.js';
import { runSimulation } from '../../sim/run-simulation.js';
import { readTrace } from '../../workloads/read-trace.js';
import { applyRunSlo, applySloMix, parseSloMix } from '../../workloads/slo-mix.js';
import { parseTraceFormatOption } from '../../workloads/trace-format.js';
import { backlogTrend } from './capacity-stability.js';
import { checkSloInput } from './slo-check.js';
import { policyOptionsOf } from './sweep-flags.js';
import type { SweepPoint, SweepResult } from './sweep-point.js';

/**
 * Runs one sweep point: read the trace at the point's load, simulate, and keep the summary plus
 * the per-request TTFT and E2E of the completed requests (for the report's CDFs).
 */
export function runSweepPoint(
  point: SweepPoint,
  onNotice?: (message: string) => void,
): SweepResult {
  const requests = readSweepTrace(point, onNotice);
  checkSloInput({
    policy: resolveBatchPolicy(point.policy, policyOptionsOf(point)),
    requests,
    ...(point.sloTbt === undefined ? {} : { sloTbt: point.sloTbt }),
    profile: createEngineProfile({
      model: point.model,
      gpu: point.gpu,
      costModel: point.costModel,
    }),
    label: `${point.model}/${point.gpu}`,
  });
  const result = runSimulation({
    requests,
    policy: point.policy,
    model: point.model,
    gpu: point.gpu,
    costModel: point.costModel,
    replicas: point.replicas,
    router: point.router,
    seed: point.seed,
    wallClock: () => performance.now(),
    policyOptions: policyOptionsOf(point),
    ...(point.predictor === undefined ? {} : { predictor: point.predictor }),
    ...(point.sloTtft === undefined ? {} : { sloTtft: point.sloTtft }),
    ...(point.sloTbt === undefined ? {} : { sloTbt: point.sloTbt }),
  });
  const ttft: number[] = [];
  const e2e: number[] = [];
  for (const record of result.records) {
    const first = firstTokenTimeOf(record);
    if (record.error !== undefined || record.finishTime === undefined || first === undefined)
      continue;
    ttft.push(first - record.arrivalTime);
    e2e.push(record.finishTime - record.arrivalTime);
  }
  return {
    summary: result.summary,
    failedByKind: result.detail.failedByKind,
    tbtP99: result.detail.tbt.p99,
    offeredRate: offeredRate(requests),
    backlog: backlogTrend(result.records),
    ttft,
    e2e,
  };
}

/** Requests per second over the arrival window (0 for fewer than two requests). */
function offeredRate(requests: readonly SchedRequest[]): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const request of requests) {
    first = Math.min(first, request.arrivalTime);
    last = Math.max(last, request.arrivalTime);
  }
  return requests.length > 1 && last > first ? (requests.length - 1) / (last - first) : 0;
}

/**
 * The requests of a sweep point: its trace at its load, with per-request SLO targets: the trace's
 * own, else a class drawn from `--slo-mix`, else the run's `--slo-ttft`/`--slo-tbt`.
 */
export function readSweepTrace(
  point: SweepPoint,
  onNotice?: (message: string) => void,
): SchedRequest[] {
  const read = readTrace(point.trace, {
    format: parseTraceFormatOption(point.format),
    ...(onNotice === undefined ? {} : { onNotice }),
    seed: point.seed,
    ...(point.requests === undefined ? {} : { requests: point.requests }),
    ...(point.cv === undefined ? {} : { cv: point.cv }),
    ...(point.loadKind === 'rate' ? { rate: point.load } : { rateScale: point.load }),
  });
  const mixed =
    point.sloMix === undefined ? read : applySloMix(read, parseSloMix(point.sloMix), point.seed);
  return applyRunSlo(mixed, point.sloTtft, point.sloTbt);
}
