/**
 * SLAI's named options (`params` of BatchPolicyOptions; booleans are 0/1), their defaults and
 * their checks. Defaults are the reference configuration `mistral7b_relaxed.yml` of
 * agrimUT/SLAI@5098a7a (algorithms.md §11.2) except the parts marked RECONSTRUCTED, which the
 * reference code does not have (docs/policies/slai.md says why each exists and its default).
 *
 * | param             | default | source |
 * |-------------------|---------|--------|
 * | tokenBudget       | 512     | token_budget (also `chunkSize`) |
 * | maxSeqs           | 128     | batch_size |
 * | limitTotalDecodes | 128     | limit_total_decodes |
 * | spf               | 1       | fcfs = false: shortest-prompt-first admission |
 * | userPriority      | 1       | user_priority: strict-TBT requests first among new prefills |
 * | defaultTbt        | 0.2     | time_between_tokens: the TBT of a request without its own target |
 * | strictTbt         | 0.1     | RECONSTRUCTED: tbtSlo <= this marks a strict ("paying") user |
 * | fixedOffset       | 0       | fixed_offset |
 * | offsetBelow       | 5       | below_memory_limit_offset (mean batch durations) |
 * | offsetAbove       | 10      | above_memory_limit_offset (mean batch durations) |
 * | memoryLimit       | 0.96    | memory_limit (share of KV blocks in use) |
 * | offsetUnit        | 0       | RECONSTRUCTED: 0 = offsets in mean step durations (reference), 1 = in the estimated duration of a full-budget step now |
 * | mergePrefills     | 0       | RECONSTRUCTED: partial and new prefills in one shortest-remaining order |
 * | dynamicBudget     | 0       | RECONSTRUCTED: per-step budget from the TBT slack (see slai.md) |
 * | maxBudget         | 2048    | RECONSTRUCTED: upper bound of the dynamic budget |
 * | safeBudget        | 0       | RECONSTRUCTED: the dynamic budget keeps one floor step of margin and counts prefill context |
 * | slotPressure      | 0       | RECONSTRUCTED: running sequences / maxSeqs count as memory use for the offset |
 * | roundRobin        | 0       | 1 = the reference's rotation of paused prefills (as least-prefilled first); 0 = admission order |
 * | safeMargin        | 1       | RECONSTRUCTED: with safeBudget, the margin in floor-budget steps |
 * | maxWait           | 0       | RECONSTRUCTED: aging; the oldest request, once waiting >= maxWait s, goes first; 0 = off |
 */

import { paramInRange } from '../param-range.js';
import type { BatchPolicyOptions } from './batch-policy.js';

/** SLAI's parameters, validated (see docs/policies/slai.md for each one and its default). */
export interface SlaiOptions {
  readonly tokenBudget: number;
  readonly maxSeqs: number;
  readonly limitTotalDecodes: number;
  readonly spf: boolean;
  readonly userPriority: boolean;
  readonly defaultTbt: number;
  readonly strictTbt: number;
  readonly fixedOffset: boolean;
  readonly offsetBelow: number;
  readonly offsetAbove: number;
  readonly memoryLimit: number;
  readonly offsetUnit: 0 | 1;
  readonly mergePrefills: boolean;
  readonly dynamicBudget: boolean;
  readonly maxBudget: number;
  readonly safeBudget: boolean;
  readonly safeMargin: number;
  readonly slotPressure: boolean;
  readonly roundRobin: boolean;
  readonly maxWait: number;
}

export const slaiDefaults: SlaiOptions = {
  tokenBudget: 512,
  maxSeqs: 128,
  limitTotalDecodes: 128,
  spf: true,
  userPriority: true,
  defaultTbt: 0.2,
  strictTbt: 0.1,
  fixedOffset: false,
  offsetBelow: 5,
  offsetAbove: 10,
  memoryLimit: 0.96,
  offsetUnit: 0,
  mergePrefills: false,
  dynamicBudget: false,
  maxBudget: 2048,
  safeBudget: false,
  safeMargin: 1,
  slotPressure: false,
  roundRobin: false,
  maxWait: 0,
};

/** The names `params` may use (unknown names are rejected, not ignored). */
export const slaiParamNames = Object.keys(slaiDefaults) as (keyof SlaiOptions)[];

/** Validated SLAI options from the generic policy options; throws CONFIG_INVALID in one line. */
export function parseSlaiOptions(options: BatchPolicyOptions): SlaiOptions {
  const params = options.params ?? {};
  for (const key of Object.keys(params)) {
    if (!(slaiParamNames as string[]).includes(key)) {
      paramInRange(
        'slai',
        `${key} (unknown; known: ${slaiParamNames.join(', ')})`,
        Number.NaN,
        0,
        0,
      );
    }
  }
  const num = (key: keyof SlaiOptions, min: number, max: number): number => {
    const fallback = slaiDefaults[key];
    const value = params[key] ?? (typeof fallback === 'boolean' ? (fallback ? 1 : 0) : fallback);
    return paramInRange('slai', key, value, min, max);
  };
  const flag = (key: keyof SlaiOptions): boolean => {
    const value = num(key, 0, 1);
    if (value !== 0 && value !== 1) paramInRange('slai', `${key} (0 or 1)`, Number.NaN, 0, 1);
    return value === 1;
  };
  const inf = Number.POSITIVE_INFINITY;
  const tokenBudget = Math.floor(
    paramInRange('slai', 'tokenBudget', params['tokenBudget'] ?? options.chunkSize ?? 512, 1, inf),
  );
  return {
    tokenBudget,
    maxSeqs: Math.floor(num('maxSeqs', 1, inf)),
    limitTotalDecodes: Math.floor(num('limitTotalDecodes', 1, inf)),
    spf: flag('spf'),
    userPriority: flag('userPriority'),
    defaultTbt: num('defaultTbt', 0.001, inf),
    strictTbt: num('strictTbt', 0, inf),
    fixedOffset: flag('fixedOffset'),
    offsetBelow: num('offsetBelow', 0, inf),
    offsetAbove: num('offsetAbove', 0, inf),
    memoryLimit: num('memoryLimit', 0, 1),
    offsetUnit: flag('offsetUnit') ? 1 : 0,
    mergePrefills: flag('mergePrefills'),
    dynamicBudget: flag('dynamicBudget'),
    maxBudget: Math.max(tokenBudget, Math.floor(num('maxBudget', 1, inf))),
    safeBudget: flag('safeBudget'),
    safeMargin: num('safeMargin', 0, inf),
    slotPressure: flag('slotPressure'),
    roundRobin: flag('roundRobin'),
    maxWait: num('maxWait', 0, inf),
  };
}
