/**
 * Log-spaced output-length buckets and the statistics a bucket distribution yields: mean, quantiles
 * and the conditional remaining length given the tokens generated so far.
 *
 * Within a bucket [a, b) the length is taken as log-uniform, so quantiles interpolate geometrically
 * and the in-bucket mean is (b - a) / ln(b / a). Lengths below the first edge fall in bucket 0 and
 * lengths at or above the last edge in the last bucket.
 *
 * @example
 * const edges = logBucketEdges(2, 16384); // 1, 1.41, 2, ..., 16384 (sqrt(2) steps)
 * const probs = pointMass(edges, 100);
 * distributionQuantile(edges, probs, 0.5); // ~100
 */

/** Edges 2^(i/perOctave) from 1 to maxTokens (inclusive, rounded up to a full step). */
export function logBucketEdges(perOctave: number, maxTokens: number): number[] {
  const steps = Math.ceil(Math.log2(maxTokens) * perOctave);
  const edges: number[] = [];
  for (let i = 0; i <= steps; i++) edges.push(2 ** (i / perOctave));
  return edges;
}

/** The default edges: half-octave buckets from 1 to 32768 tokens (30 buckets). */
export const defaultBucketEdges: readonly number[] = Object.freeze(logBucketEdges(2, 32768));

/** Index of the bucket holding `length` (clamped to the first/last bucket). */
export function bucketIndex(edges: readonly number[], length: number): number {
  const last = edges.length - 2;
  if (!(length >= (edges[1] ?? 0))) return 0;
  let low = 1;
  let high = last;
  // largest i with edges[i] <= length
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((edges[mid] ?? 0) <= length) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** A distribution with all mass in the bucket of `length`. */
export function pointMass(edges: readonly number[], length: number): number[] {
  const probs = new Array<number>(edges.length - 1).fill(0);
  probs[bucketIndex(edges, length)] = 1;
  return probs;
}

function bucketMean(low: number, high: number): number {
  return low === high ? low : (high - low) / Math.log(high / low);
}

const meansByEdges = new WeakMap<readonly number[], Float64Array>();

/** In-bucket means of `edges`, computed once per edges array. */
function bucketMeans(edges: readonly number[]): Float64Array {
  let means = meansByEdges.get(edges);
  if (means === undefined) {
    means = new Float64Array(Math.max(0, edges.length - 1));
    for (let i = 0; i < means.length; i++) means[i] = bucketMean(edges[i] ?? 1, edges[i + 1] ?? 1);
    meansByEdges.set(edges, means);
  }
  return means;
}

/** Expected length under the distribution (log-uniform within each bucket). */
export function distributionMean(edges: readonly number[], probs: ArrayLike<number>): number {
  const means = bucketMeans(edges);
  let mean = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] ?? 0;
    if (p > 0) mean += p * (means[i] ?? 1);
  }
  return mean;
}

/**
 * The mean of the distribution capped at `cap` (the mass above it moved into the cap's bucket, as
 * `capDistribution` does) and clamped to `cap`: exactly the `mean` of `predictionFromBuckets`
 * (bucket-prediction.ts), with the same floating-point operations in the same order, but without
 * copying or changing `probs`. No cap (undefined or below 1): the plain mean.
 */
export function cappedMean(
  edges: readonly number[],
  probs: ArrayLike<number>,
  cap: number | undefined,
): number {
  if (cap === undefined || !(cap >= 1)) return distributionMean(edges, probs);
  const capBucket = bucketIndex(edges, cap);
  let moved = 0;
  for (let i = capBucket + 1; i < probs.length; i++) moved += probs[i] ?? 0;
  const means = bucketMeans(edges);
  let mean = 0;
  for (let i = 0; i < capBucket && i < probs.length; i++) {
    const p = probs[i] ?? 0;
    if (p > 0) mean += p * (means[i] ?? 1);
  }
  if (capBucket < probs.length) {
    const p = (probs[capBucket] ?? 0) + moved;
    if (p > 0) mean += p * (means[capBucket] ?? 1);
  }
  return Math.min(mean, cap);
}

/** The p-quantile (0 < p < 1), interpolated geometrically within its bucket. */
export function distributionQuantile(
  edges: readonly number[],
  probs: ArrayLike<number>,
  p: number,
): number {
  let cumulative = 0;
  for (let i = 0; i < probs.length; i++) {
    const mass = probs[i] ?? 0;
    if (mass > 0 && cumulative + mass >= p) {
      const fraction = Math.min(1, Math.max(0, (p - cumulative) / mass));
      const low = edges[i] ?? 1;
      const high = edges[i + 1] ?? low;
      return low * (high / low) ** fraction;
    }
    cumulative += mass;
  }
  return edges[edges.length - 1] ?? 1;
}

/** The nine quantiles p10, p20, ..., p90 (non-decreasing), in one pass over the buckets. */
export function decileQuantiles(edges: readonly number[], probs: ArrayLike<number>): number[] {
  const result: number[] = [];
  let cumulative = 0;
  let i = 0;
  for (let k = 1; k <= 9; k++) {
    const p = k / 10;
    // the same bucket choice as distributionQuantile: first positive mass reaching p
    while (i < probs.length && !((probs[i] ?? 0) > 0 && cumulative + (probs[i] ?? 0) >= p)) {
      cumulative += probs[i] ?? 0;
      i++;
    }
    let q: number;
    if (i >= probs.length) q = edges[edges.length - 1] ?? 1;
    else {
      const mass = probs[i] ?? 0;
      const fraction = Math.min(1, Math.max(0, (p - cumulative) / mass));
      const low = edges[i] ?? 1;
      const high = edges[i + 1] ?? low;
      q = low * (high / low) ** fraction;
    }
    result.push(Math.max(q, result[k - 2] ?? 0));
  }
  return result;
}

/**
 * E[Y - generated | Y > generated]: the expected remaining length once `generated` tokens exist.
 * The bucket holding `generated` contributes its part above `generated` (log-uniform). When no
 * mass remains above `generated` (the request outlived its distribution), the answer is a quarter
 * of what it generated, at least 1: a conservative "a bit more" that keeps SRPT ranks finite.
 */
export function conditionalRemaining(
  edges: readonly number[],
  probs: ArrayLike<number>,
  generated: number,
): number {
  if (generated <= 0) return distributionMean(edges, probs);
  let tailMass = 0;
  let tailMoment = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i] ?? 0;
    if (p <= 0) continue;
    const low = edges[i] ?? 1;
    const high = edges[i + 1] ?? low;
    if (high <= generated) continue;
    if (low >= generated) {
      tailMass += p;
      tailMoment += p * bucketMean(low, high);
    } else {
      // part of the bucket above `generated`, log-uniform density p / (x ln(high/low))
      const share = Math.log(high / generated) / Math.log(high / low);
      tailMass += p * share;
      tailMoment += p * share * bucketMean(generated, high);
    }
  }
  if (tailMass < 1e-9) return Math.max(1, 0.25 * generated);
  return Math.max(0, tailMoment / tailMass - generated);
}

/** Normalises non-negative weights in place to sum 1 (uniform when all are zero). */
export function normalizeInPlace(weights: Float64Array | number[]): void {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] ?? 0;
  if (!(total > 0)) {
    weights.fill(1 / weights.length);
    return;
  }
  for (let i = 0; i < weights.length; i++) weights[i] = (weights[i] ?? 0) / total;
}

/** Moves the mass above `cap` into the bucket holding `cap` (a request stops at max_tokens). */
export function capDistribution(edges: readonly number[], probs: Float64Array, cap: number): void {
  const capBucket = bucketIndex(edges, cap);
  let moved = 0;
  for (let i = capBucket + 1; i < probs.length; i++) {
    moved += probs[i] ?? 0;
    probs[i] = 0;
  }
  probs[capBucket] = (probs[capBucket] ?? 0) + moved;
}
