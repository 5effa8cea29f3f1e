/**
 * A log-normal length distribution (log(length) ~ N(mu, sigma^2)) discretized on bucket edges:
 * bucket i gets P(edges[i] <= length < edges[i+1]), the first and last buckets absorbing the tails.
 *
 * @example
 * const probs = logNormalBuckets(edges, Math.log(100), 0.5);
 */
export function normalCdf(z: number): number {
  // Abramowitz-Stegun 7.1.26 on erf, |error| < 1.5e-7
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

export function logNormalBuckets(
  edges: readonly number[],
  mu: number,
  sigma: number,
): Float64Array {
  const probs = new Float64Array(edges.length - 1);
  const scale = Math.max(1e-6, sigma);
  for (let i = 0; i < probs.length; i++) {
    const low = i === 0 ? 0 : normalCdf((Math.log(edges[i] ?? 1) - mu) / scale);
    const high = i === probs.length - 1 ? 1 : normalCdf((Math.log(edges[i + 1] ?? 1) - mu) / scale);
    probs[i] = Math.max(0, high - low);
  }
  return probs;
}
