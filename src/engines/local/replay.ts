/**
 * Replays a trace through the local engine in real time: each request is submitted at its arrival
 * time (relative to the start of the replay) with max_tokens = its output length, so lengths obey
 * the trace (run the engine with ignoreEos). Returns one metrics record per request (every request
 * ends completed or with an explicit error) and the engine's step log. `onProgress` hears each
 * request end (the CLI's progress line / bar).
 */
import type { Clock } from '../../core/clock.js';
import { SchedulerError } from '../../core/errors.js';
import type { SchedRequest } from '../../core/request.js';
import { seconds } from '../../core/units.js';
import type { RequestError, RequestRecord } from '../../metrics/request-record.js';
import type { GenerationResult } from './engine-request.js';
import type { EngineStats, LocalEngine, StepRecord } from './local-engine.js';

export interface ReplayOptions {
  readonly engine: LocalEngine;
  readonly clock: Clock;
  readonly requests: readonly SchedRequest[];
  /** Prompt token ids of a request. */
  readonly promptOf: (request: SchedRequest) => number[];
  readonly seed?: number;
  /** Called with the count of requests ended (completed or failed) each time one ends: progress. */
  readonly onProgress?: (ended: number) => void;
}

export interface ReplayResult {
  readonly records: RequestRecord[];
  readonly steps: readonly StepRecord[];
  readonly stats: EngineStats;
  readonly wallSeconds: number;
}

function toRecord(request: SchedRequest, result: GenerationResult, offset: number): RequestRecord {
  const r = result.record;
  const shift = (t: number): number => t - offset;
  const record: { -readonly [K in keyof RequestRecord]: RequestRecord[K] } = {
    id: request.id,
    replica: 0,
    arrivalTime: shift(r.arrivalTime),
    promptTokens: r.promptTokens,
    outputTokens: request.outputTokens,
    tokenTimes: r.tokenTimes.map(shift),
    preemptions: r.preemptions,
    cachedPromptTokens: r.cachedTokens,
  };
  if (r.firstScheduledAt !== undefined) record.firstScheduledTime = shift(r.firstScheduledAt);
  if (r.queueByCause !== undefined) record.queueByCause = r.queueByCause;
  if (result.error === undefined) record.finishTime = shift(r.finishedAt);
  else record.error = { kind: errorKind(result.error), message: result.error.message };
  if (request.slo?.ttft !== undefined) record.sloTtft = request.slo.ttft;
  if (request.slo?.tbt !== undefined) record.sloTbt = request.slo.tbt;
  return record;
}

/** A request the engine refused at submission (e.g. prompt longer than the context). */
function rejected(request: SchedRequest, error: Error, at: number): RequestRecord {
  return {
    id: request.id,
    replica: 0,
    arrivalTime: at,
    promptTokens: request.promptTokens,
    outputTokens: request.outputTokens,
    tokenTimes: [],
    preemptions: 0,
    cachedPromptTokens: 0,
    error: { kind: errorKind(error), message: error.message },
  };
}

/** Metrics error kind of an engine error: cancellation, a prompt that cannot fit, else a failure. */
export function errorKind(error: Error): RequestError['kind'] {
  if (!(error instanceof SchedulerError)) return 'engine-failure';
  switch (error.code) {
    case 'CANCELLED':
      return 'cancelled';
    case 'CAPACITY_EXCEEDED':
      return 'kv-capacity';
    default:
      return 'engine-failure';
  }
}

export async function replayTrace(options: ReplayOptions): Promise<ReplayResult> {
  const { engine, clock } = options;
  const requests = [...options.requests].sort((a, b) => a.arrivalTime - b.arrivalTime);
  const prompts = requests.map((r) => options.promptOf(r));
  const first = requests[0]?.arrivalTime ?? 0;
  const start = clock.now();
  const pending: Promise<RequestRecord>[] = [];
  let ended = 0;
  const end = (record: RequestRecord): RequestRecord => {
    ended += 1;
    options.onProgress?.(ended);
    return record;
  };
  for (const [i, request] of requests.entries()) {
    const due = start + (request.arrivalTime - first);
    const wait = due - clock.now();
    if (wait > 0) await clock.sleep(seconds(wait));
    const maxTokens = Math.max(1, request.maxTokens ?? request.outputTokens);
    const size = Math.min(request.outputTokens, maxTokens);
    const submit = (): Promise<GenerationResult> =>
      engine.submit({
        id: request.id,
        prompt: prompts[i] as number[],
        ...(request.prompt !== undefined ? { promptText: request.prompt } : {}),
        maxTokens: size,
        size,
        ...(request.prefixHashes !== undefined ? { prefixHashes: request.prefixHashes } : {}),
        ...(request.group !== undefined ? { group: request.group } : {}),
        ...(request.tenant !== undefined ? { tenant: request.tenant } : {}),
        ...(request.priority !== undefined ? { priority: request.priority } : {}),
        ...(request.slo?.ttft !== undefined ? { ttftSlo: request.slo.ttft } : {}),
        ...(request.slo?.tbt !== undefined ? { tbtSlo: request.slo.tbt } : {}),
      }).result;
    pending.push(
      (() => {
        try {
          return submit().then((result) => end(toRecord(request, result, start)));
        } catch (error) {
          return Promise.resolve(end(rejected(request, error as Error, clock.now() - start)));
        }
      })(),
    );
  }
  const records = await Promise.all(pending);
  return {
    records,
    steps: engine.stepLog,
    stats: engine.stats,
    wallSeconds: clock.now() - start,
  };
}
