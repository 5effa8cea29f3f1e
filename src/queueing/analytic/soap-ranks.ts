/**
 * SOAP descriptions (algorithms.md §15.2) of the rank policies without a closed formula here:
 * LAS, SPRPT-with-bounce, and SkipPredict / DelayPredict in the external-cost model
 * (c1 = c2 = 0). Each mirrors the rank of src/policies/rank/<name>.ts; tiers that are below every
 * finite key (SkipPredict's short class, DelayPredict's first L units) are rank -Infinity, and
 * "rank < -Infinity" is never true, so such jobs are FCFS among themselves as in the policies.
 *
 * @example
 * lasRanks.worstFutureRank(2, 2, 0); // 2: LAS's rank is the age, sup over [0, x) is x
 */

import type { SoapRanks } from './soap.js';

const below = Number.NEGATIVE_INFINITY;

/** LAS / FB: rank = age. r_w(a) = x; new and old r-work = min(X, r). */
export const lasRanks: SoapRanks = {
  newWork: (x, _y, r) => Math.max(0, Math.min(x, r)),
  oldWork: (x, _y, r, out) => {
    out[0] = Math.max(0, Math.min(x, r));
  },
  worstFutureRank: (x) => x,
  ageBreaks: () => [],
};

/**
 * SPRPT with bounce: rank |y - a|. A new job starts at y and is served while |y - b| < r, i.e. up
 * to age y + r when y < r. An old job has rank <= r on [y - r, y + r]: the interval from age 0 if
 * y <= r, a later one otherwise. r_w(a) = max(|y - a|, |x - y|) (|y - b| is convex in b).
 */
export const sprptBounceRanks: SoapRanks = {
  newWork: (x, y, r) => (y < r ? Math.min(x, y + r) : 0),
  oldWork: (x, y, r, out) => {
    if (r < 0) return;
    if (y <= r) out[0] = Math.min(x, y + r);
    else {
      const length = Math.max(0, Math.min(x, y + r) - (y - r));
      out[1] = length * length;
    }
  },
  worstFutureRank: (x, y, age) => Math.max(Math.abs(y - age), Math.abs(x - y)),
  ageBreaks: (x, y) => [y, 2 * y - x],
};

/**
 * SkipPredict, external cost: predicted short (y <= T) runs FCFS before everyone (rank -inf);
 * predicted long has rank y - a (SPRPT). A long job with y < r is below r for its whole life; a
 * long old job with y > r reaches rank <= r at age y - r and stays there.
 */
export function skippredictRanks(threshold: number): SoapRanks {
  return {
    newWork: (x, y, r) => (y <= threshold ? (r === below ? 0 : x) : y < r ? x : 0),
    oldWork: (x, y, r, out) => {
      if (y <= threshold) {
        out[0] = x;
        return;
      }
      if (r === below) return;
      if (y <= r) out[0] = x;
      else {
        const length = Math.max(0, x - (y - r));
        out[1] = length * length;
      }
    },
    worstFutureRank: (_x, y, age) => (y <= threshold ? below : y - age),
    ageBreaks: () => [],
  };
}

/**
 * DelayPredict, external cost: the first L units FCFS (rank -inf), then rank y - a (SPRPT).
 * r_w(a) = y - max(a, L) for a job that outlives L, -inf otherwise. A new job with y - L < r is
 * below r for its whole life, otherwise only for its first L units; an old job is below r on
 * [0, L) and then from age max(L, y - r) on.
 */
export function delaypredictRanks(limit: number): SoapRanks {
  return {
    newWork: (x, y, r) => {
      if (r === below) return 0;
      return y - limit < r ? x : Math.min(x, limit);
    },
    oldWork: (x, y, r, out) => {
      if (r === below || y - limit <= r) {
        out[0] = r === below ? Math.min(x, limit) : x;
        return;
      }
      out[0] = Math.min(x, limit);
      const length = Math.max(0, x - (y - r));
      out[1] = length * length;
    },
    worstFutureRank: (x, y, age) => (x <= limit ? below : y - Math.max(age, limit)),
    ageBreaks: (x) => (x > limit ? [limit] : []),
  };
}
