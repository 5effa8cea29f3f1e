/**
 * Zipf popularity over `count` items: P(item k) proportional to 1 / (k + 1)^exponent, k = 0..count-1.
 * Sampling is a binary search in the precomputed CDF: O(log count) per draw.
 *
 * @example
 * const pick = zipfSampler(20, 1.1);
 * pick(createRng(1)); // 0 most often
 */

import type { Rng } from '../../core/rng.js';

/**
 * Zipf popularity over `count` items: P(item k) proportional to 1 / (k + 1)^exponent, k =
 * 0..count-1.
 */
export function zipfSampler(count: number, exponent: number): (rng: Rng) => number {
  const n = Math.max(1, Math.floor(count));
  const cdf = new Array<number>(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** exponent;
    cdf[k] = total;
  }
  return (rng) => {
    const u = rng.next() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((cdf[mid] ?? total) > u) high = mid;
      else low = mid + 1;
    }
    return low;
  };
}
