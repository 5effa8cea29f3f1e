import { performance } from 'node:perf_hooks';
import type { SchedRequest } from '../../core/request.js';
import { runSimulation } from '../../sim/run-simulation.js';
import { readTrace } from '../../workloads/read-trace.js';
import { parseTraceFormatOption } from '../../workloads/trace-format.js';
import type { SweepPoint, SweepResult } from './sweep-point.js';

/**
 * Runs one sweep point: read the trace at the point's load, simulate, and keep the summary plus
 * the per-request TTFT and E2E of the completed requests (for the report's CDFs).
 * Used in worker threads by `compare` and in-process by `capacity` (which passes `onNotice`).
 */
export function runSweepPoint(
  point: SweepPoint,
  onNotice?: (message: string) => void,
): SweepResult {
  const requests = readSweepTrace(point, onNotice);
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
    ...(point.predictor === undefined ? {} : { predictor: point.predictor }),
    ...(point.sloTtft === undefined ? {} : { sloTtft: point.sloTtft }),
    ...(point.sloTbt === undefined ? {} : { sloTbt: point.sloTbt }),
  });
  const ttft: number[] = [];
  const e2e: number[] = [];
  for (const record of result.records) {
    const first = record.tokenTimes[0];
    if (record.error !== undefined || record.finishTime === undefined || first === undefined)
      continue;
    ttft.push(first - record.arrivalTime);
    e2e.push(record.finishTime - record.arrivalTime);
  }
  return { summary: result.summary, ttft, e2e };
}

/** The requests of a sweep point: its trace at its load. */
export function readSweepTrace(
  point: SweepPoint,
  onNotice?: (message: string) => void,
): SchedRequest[] {
  return readTrace(point.trace, {
    format: parseTraceFormatOption(point.format),
    ...(onNotice === undefined ? {} : { onNotice }),
    seed: point.seed,
    ...(point.requests === undefined ? {} : { requests: point.requests }),
    ...(point.cv === undefined ? {} : { cv: point.cv }),
    ...(point.loadKind === 'rate' ? { rate: point.load } : { rateScale: point.load }),
  });
}
