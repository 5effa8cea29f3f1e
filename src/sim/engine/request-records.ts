import type { SchedRequest } from '../../core/request.js';
import type { RequestRecord } from '../../metrics/request-record.js';
import { ownTbt } from '../../metrics/token-gaps.js';
import type { SimSeq } from './sim-seq.js';

/**
 * The one conversion from the simulator's request state to the metrics' RequestRecord.
 */

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
function tokenTimesOf(sim: SimSeq): number[] {
  const times = sim.tokenTimes;
  const out = new Array<number>(sim.generated);
  for (let i = 0; i < sim.generated; i++) out[i] = times[i] as number;
  return out;
}

/**
 * The record of a request that left the simulator (finished, or stalled at the end): its token
 * times reduced to the first one, the count and its own TBT (max, p99); `keepTokenTimes` also
 * copies them all (8 bytes a token: off by default, for bounded memory on long traces).
 */
export function toRecord(
  request: SchedRequest,
  sim: SimSeq,
  keepTokenTimes = false,
): RequestRecord {
  const complete = sim.generated >= sim.target;
  const last = sim.generated > 0 ? sim.tokenTimes[sim.generated - 1] : undefined;
  const own = ownTbt(sim.tokenTimes, sim.generated);
  return {
    ...baseRecord(request, sim.replica),
    ...(keepTokenTimes ? { tokenTimes: tokenTimesOf(sim) } : {}),
    ...(sim.generated > 0 ? { firstTokenTime: sim.tokenTimes[0] as number } : {}),
    generatedTokens: sim.generated,
    tbtMax: own.max,
    tbtP99: own.p99,
    preemptions: sim.preemptions,
    cachedPromptTokens: sim.cachedPromptTokens,
    ...(sim.firstScheduledAt !== undefined ? { firstScheduledTime: sim.firstScheduledAt } : {}),
    ...(sim.queueByCause !== undefined ? { queueByCause: sim.queueByCause } : {}),
    ...(sim.predictedSize !== undefined ? { predictedOutputTokens: sim.predictedSize } : {}),
    ...(complete && last !== undefined
      ? { finishTime: last }
      : {
          error: {
            kind: 'stalled' as const,
            message: `request ${request.id} stalled after ${sim.generated}/${sim.target} tokens: the policy never scheduled it again`,
          },
        }),
  };
}
