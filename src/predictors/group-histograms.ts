/**
 * Per-group empirical length histograms over the buckets, the back-off of the learned predictor
 * and the basis of the per-group baselines.
 *
 * Keys, most specific first: the request's group (system prompt or prefix id), its model, then
 * the global histogram. `distribution` uses the most specific key with at least `minCount`
 * observations, smoothed towards the global histogram with `prior` pseudo-observations (and a
 * uniform floor before anything is observed).
 *
 * @example
 * const histograms = createGroupHistograms(edges);
 * observeGroup(histograms, request, 120);
 * const probs = groupDistribution(histograms, request);
 */

import { bucketIndex, normalizeInPlace } from './length-buckets.js';
import type { PredictorInput } from './predictor.js';

/** Length histograms per group over shared bucket edges, with the back-off prior. */
export interface GroupHistograms {
  readonly edges: readonly number[];
  readonly counts: Map<string, Float64Array>;
  minCount: number;
  prior: number;
}

export const globalKey = '*';

export function createGroupHistograms(
  edges: readonly number[],
  options: { readonly minCount?: number; readonly prior?: number } = {},
): GroupHistograms {
  return { edges, counts: new Map(), minCount: options.minCount ?? 10, prior: options.prior ?? 2 };
}

/** The last request's keys: consecutive requests usually share their group and model. */
let lastKeys: { group?: string; model?: string; keys: readonly string[] } = { keys: [globalKey] };

/** Keys for a request, most specific first, always ending with the global key (do not mutate). */
export function groupKeys(request: PredictorInput): readonly string[] {
  if (request.group === lastKeys.group && request.model === lastKeys.model) return lastKeys.keys;
  const keys: string[] = [];
  if (request.group !== undefined) {
    keys.push(
      request.model === undefined
        ? `g:${request.group}`
        : `gm:${request.model}\u0000${request.group}`,
    );
    keys.push(`g:${request.group}`);
  }
  if (request.model !== undefined) keys.push(`m:${request.model}`);
  keys.push(globalKey);
  lastKeys = { keys };
  if (request.group !== undefined) lastKeys.group = request.group;
  if (request.model !== undefined) lastKeys.model = request.model;
  return keys;
}

function total(counts: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) sum += counts[i] ?? 0;
  return sum;
}

export function observeGroup(
  histograms: GroupHistograms,
  request: PredictorInput,
  actualOutputTokens: number,
): void {
  const bucket = bucketIndex(histograms.edges, actualOutputTokens);
  // the keys are distinct (each kind has its own prefix)
  for (const key of groupKeys(request)) {
    let counts = histograms.counts.get(key);
    if (counts === undefined) {
      counts = new Float64Array(histograms.edges.length - 1);
      histograms.counts.set(key, counts);
    }
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
}

/** The smoothed distribution for a request (a fresh array). */
export function groupDistribution(
  histograms: GroupHistograms,
  request: PredictorInput,
): Float64Array {
  return groupDistributionInto(histograms, request, new Float64Array(histograms.edges.length - 1));
}

/**
 * `groupDistribution` written into `out` (length: the buckets), with the same floating-point
 * operations in the same order; returns `out`.
 */
export function groupDistributionInto(
  histograms: GroupHistograms,
  request: PredictorInput,
  out: Float64Array,
): Float64Array {
  const size = out.length;
  const global = histograms.counts.get(globalKey);
  // a light uniform floor so no bucket is impossible
  if (global !== undefined) for (let i = 0; i < size; i++) out[i] = (global[i] ?? 0) + 1e-3;
  else for (let i = 0; i < size; i++) out[i] = 0 + 1e-3;
  normalizeInPlace(out);
  for (const key of groupKeys(request)) {
    if (key === globalKey) break;
    const counts = histograms.counts.get(key);
    if (counts === undefined) continue;
    const n = total(counts);
    if (n < histograms.minCount) continue;
    // each bucket reads only its own global probability, so `out` can be overwritten in place
    for (let i = 0; i < size; i++) out[i] = (counts[i] ?? 0) + histograms.prior * (out[i] ?? 0);
    normalizeInPlace(out);
    return out;
  }
  return out;
}

/** Observations under the global key. */
export function observationCount(histograms: GroupHistograms): number {
  const global = histograms.counts.get(globalKey);
  return global === undefined ? 0 : total(global);
}
