/**
 * The one conversion from the simulator's request state to the metrics' RequestRecord.
 */

import type { SchedRequest } from '../../core/request.js';
import type { LatencySketch } from '../../metrics/latency-sketch.js';
import type { RequestRecord } from '../../metrics/request-record.js';
import { ownTbt } from '../../metrics/token-gaps.js';
import type { SimSeq } from './sim-seq.js';

export function baseRecord(request: SchedRequest, replica: number): RequestRecord {
  return {
    id: request.id,
    replica,
    arrivalTime: request.arrivalTime,
    promptTokens: request.promptTokens,
    outputTokens: request.outputTokens,
    preemptions: 0,
    cachedPromptTokens: 0,
    ...(request.slo?.ttft !== undefined ? { sloTtft: request.slo.ttft } : {}),
    ...(request.slo?.tbt !== undefined ? { sloTbt: request.slo.tbt } : {}),
  };
}

/** The set token times as a plain array (a loop: Array.from on a typed array iterates slowly). */
function tokenTimesOf(times: Float64Array, count: number): number[] {
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = times[i] as number;
  return out;
}

/** One buffer for the token times of the request being recorded (grown as needed). */
let scratch = new Float64Array(1024);

/** `sim`'s token times in the shared scratch buffer (valid until the next call). */
function scratchTokenTimes(sim: SimSeq): Float64Array {
  const count = sim.recordedTokens;
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  sim.copyTokenTimes(scratch);
  return scratch;
}

/**
 * The record of a request that left the simulator (finished, or stalled at the end): its token
 * times reduced to the first one, the count and its own TBT (max, p99); `keepTokenTimes` also
 * copies them all (8 bytes a token: off by default, for bounded memory on long traces).
 * `gapSketch` (the pooled TBT of its SLO class) receives its token gaps in the same pass.
 */
export function toRecord(
  request: SchedRequest,
  sim: SimSeq,
  keepTokenTimes = false,
  gapSketch?: LatencySketch,
): RequestRecord {
  const complete = sim.generated >= sim.target;
  // read from the step log into a scratch buffer (a Float64Array per request was malloc'ed)
  const times = scratchTokenTimes(sim);
  const last = sim.generated > 0 ? times[sim.generated - 1] : undefined;
  const own = ownTbt(times, sim.generated, gapSketch);
  // assigned one by one (object spreads were a visible part of the run): same keys, same order
  const record: Mutable = {
    id: request.id,
    replica: sim.replica,
    arrivalTime: request.arrivalTime,
    promptTokens: request.promptTokens,
    outputTokens: request.outputTokens,
    preemptions: sim.preemptions,
    cachedPromptTokens: sim.cachedPromptTokens,
  };
  if (request.slo?.ttft !== undefined) record.sloTtft = request.slo.ttft;
  if (request.slo?.tbt !== undefined) record.sloTbt = request.slo.tbt;
  if (keepTokenTimes) record.tokenTimes = tokenTimesOf(times, sim.generated);
  if (sim.generated > 0) record.firstTokenTime = times[0] as number;
  record.generatedTokens = sim.generated;
  record.tbtMax = own.max;
  record.tbtP99 = own.p99;
  if (sim.firstScheduledAt !== undefined) record.firstScheduledTime = sim.firstScheduledAt;
  if (sim.queueByCause !== undefined) record.queueByCause = sim.queueByCause;
  if (sim.predictedSize !== undefined) record.predictedOutputTokens = sim.predictedSize;
  if (complete && last !== undefined) record.finishTime = last;
  else {
    record.error = {
      kind: 'stalled',
      message: `request ${request.id} stalled after ${sim.generated}/${sim.target} tokens: the policy never scheduled it again`,
    };
  }
  return record;
}

type Mutable = { -readonly [K in keyof RequestRecord]: RequestRecord[K] };
