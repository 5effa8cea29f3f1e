/**
 * A synthetic workload = an arrival process x request classes. Each request picks a class
 * (by weight), then draws its prompt and output lengths from the class's distributions.
 * A class may be an *application* with a shared system prompt: its requests' prompts start with
 * the same `systemPromptTokens` tokens and share prefix hashes (`"<group>:<k>"`).
 * Applications are picked by Zipf popularity when `zipfExponent` is set.
 *
 * Every random stream is a named fork of the caller's rng (arrivals, classes, lengths), so the
 * result is deterministic for a seed and one stream's draws never shift another's.
 */

import { requestId, tenantId } from '../../core/ids.js';
import type { SchedRequest } from '../../core/request.js';
import type { Rng } from '../../core/rng.js';
import { seconds, tokens } from '../../core/units.js';
import type { ArrivalProcess } from '../arrivals/arrival-process.js';
import { groupPrefixHashes } from '../group-prefix-hashes.js';
import type { LengthDistribution } from './length-distribution.js';
import { zipfSampler } from './zipf-sampler.js';

/**
 * One class of requests in a synthetic workload: its weight, prompt and output length
 * distributions, system prompt, tenant and SLO.
 */
export interface RequestClass {
  readonly name: string;
  /** Relative weight (ignored when the workload picks classes by Zipf popularity). */
  readonly weight: number;
  /** Tokens of the prompt after any system prompt. */
  readonly promptTokens: LengthDistribution;
  readonly outputTokens: LengthDistribution;
  /** A shared system prompt of this many tokens (0 or absent: none). */
  readonly systemPromptTokens?: number;
  readonly tenant?: string;
  readonly slo?: { readonly ttft?: number; readonly tbt?: number };
  /**
   * Real records to draw from (uniformly, with replacement): a request then takes the record's
   * prompt text and its true prompt and output lengths together (the length distributions above are
   * the records' marginals, kept for the spec). The `apps5` workload uses it.
   */
  readonly records?: readonly TextRecord[];
  /** The system prompt's text (`systemPromptTokens` tokens): prompts are system + blank line + user. */
  readonly systemPrompt?: string;
}

/** One prompt/response record of a text dataset: prompt text and true token counts. */
export interface TextRecord {
  readonly prompt: string;
  readonly promptTokens: number;
  readonly outputTokens: number;
}

export interface SyntheticWorkloadSpec {
  readonly arrivals: ArrivalProcess;
  readonly classes: readonly RequestClass[];
  /** Pick classes by Zipf popularity (class 0 most popular) with this exponent. */
  readonly zipfExponent?: number;
}

/** The one synthetic-class -> SchedRequest conversion. */
function classDrawToRequest(
  index: number,
  arrival: number,
  requestClass: RequestClass,
  userTokens: number,
  output: number,
  userPrompt?: string,
): SchedRequest {
  const system = requestClass.systemPromptTokens ?? 0;
  const slo = requestClass.slo;
  return {
    id: requestId(String(index)),
    arrivalTime: seconds(arrival),
    promptTokens: tokens(system + userTokens),
    outputTokens: tokens(output),
    ...(userPrompt === undefined
      ? {}
      : {
          prompt:
            requestClass.systemPrompt === undefined
              ? userPrompt
              : `${requestClass.systemPrompt}\n\n${userPrompt}`,
        }),
    ...(system > 0
      ? { group: requestClass.name, prefixHashes: groupPrefixHashes(requestClass.name, system) }
      : {}),
    ...(requestClass.tenant === undefined ? {} : { tenant: tenantId(requestClass.tenant) }),
    ...(slo === undefined
      ? {}
      : {
          slo: {
            ...(slo.ttft === undefined ? {} : { ttft: seconds(slo.ttft) }),
            ...(slo.tbt === undefined ? {} : { tbt: seconds(slo.tbt) }),
          },
        }),
  };
}

/**
 * Generates `count` requests of a workload spec.
 *
 * @example
 * generateWorkload({ arrivals: poissonArrivals(2), classes: [chatClass] }, 100, createRng(1));
 */
export function generateWorkload(
  spec: SyntheticWorkloadSpec,
  count: number,
  rng: Rng,
): SchedRequest[] {
  if (spec.classes.length === 0) throw new Error('a synthetic workload needs at least one class');
  const times = spec.arrivals.times(count, rng.fork('arrivals'));
  const classRng = rng.fork('classes');
  const lengthRng = rng.fork('lengths');
  const pickClass =
    spec.zipfExponent === undefined
      ? weightedPicker(spec.classes.map((c) => c.weight))
      : zipfSampler(spec.classes.length, spec.zipfExponent);
  return times.map((arrival, index) => {
    const requestClass = spec.classes[pickClass(classRng)] ?? spec.classes[0]!;
    const records = requestClass.records;
    if (records !== undefined && records.length > 0) {
      const record = records[Math.floor(lengthRng.next() * records.length)] ?? records[0]!;
      return classDrawToRequest(
        index,
        arrival,
        requestClass,
        record.promptTokens,
        record.outputTokens,
        record.prompt,
      );
    }
    const user = requestClass.promptTokens.sample(lengthRng);
    const output = requestClass.outputTokens.sample(lengthRng);
    return classDrawToRequest(index, arrival, requestClass, user, output);
  });
}

function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
  return (rng) => {
    let u = rng.next() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= Math.max(0, weights[i] ?? 0);
      if (u < 0) return i;
    }
    return weights.length - 1;
  };
}
