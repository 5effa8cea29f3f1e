/**
 * Gittins index policy (Scully & Harchol-Balter, WiOpt'21; algorithms.md §6): serve the job with
 * the lowest Gittins rank computed from its predicted size distribution.
 * Why choose: when the scheduler knows a distribution for each job (a calibrated distributional
 * predictor, e.g. Trail's bin posterior), Gittins minimises mean response time in the M/G/1 among
 * all policies with that information. Point mass -> SRPT; NBUE -> FCFS-like; DHR -> LAS-like.
 * Consumes: sizeDistribution (discrete, over TOTAL size; the rank conditions on X > age).
 * Rank: piecewise linear in age, recomputed at atoms and at envelope switches (see `gittinsRank`);
 * it can jump up at atoms, so event executors must honour `until`.
 * Memo: each policy instance keeps, per distribution object (WeakMap, freed with the object), the
 * pieces it computed contiguously from age 0; a rank inside them is a binary search. The memo is
 * invisible: the rank stays a function of the view (the piece start may differ from a direct
 * computation by rounding only).
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(K) per rank for K atoms; O(log pieces) on a memo hit.
 */

import type { SizeDistribution } from '../../core/job-view.js';
import type { Rank } from '../../core/rank.js';
import { missingField } from '../missing-field.js';
import type { RankPolicyFactory } from '../rank-policy.js';

const infinity = Number.POSITIVE_INFINITY;

/**
 * Gittins rank of a job of age `age` whose total size has the discrete distribution `dist`
 * (atoms `values` ascending). With remaining size R = X - age conditioned on X > age:
 *
 *   rank(age) = min over atoms v_j > age of  E[min(R, v_j - age)] / P(R <= v_j - age)
 *
 * (the infimum over Delta is attained at an atom). Between atoms every candidate's ratio is linear
 * in age with slope -S/P_j (S = mass above age, P_j = mass in (age, v_j]), so the rank is the lower
 * envelope of lines: the returned piece is the current minimiser, and `until` is the earlier of the
 * next atom and the age where a steeper candidate overtakes it. Past the last atom the distribution
 * says nothing: the job gets key 0 (treated as about to finish), constant.
 */
export function gittinsRank(dist: SizeDistribution, age: number): Rank {
  const values = dist.values;
  const probs = dist.probs;
  const n = values.length;
  let first = 0;
  while (first < n && (values[first] as number) <= age) first++;
  let mass = 0;
  for (let i = first; i < n; i++) mass += probs[i] as number;
  if (first >= n || !(mass > 0)) return { tier: 0, key: 0, slope: 0, until: infinity };

  // Pass 1: the minimising candidate (ties to the smaller atom = the steeper line).
  let best = infinity;
  let bestMass = 1;
  let below = 0; // sum_{first<=i<=j} p_i (v_i - age)
  let cumulative = 0; // P_j
  for (let j = first; j < n; j++) {
    const p = probs[j] as number;
    if (!(p > 0)) continue;
    const gap = (values[j] as number) - age;
    below += p * gap;
    cumulative += p;
    const ratio = (below + (mass - cumulative) * gap) / cumulative;
    if (ratio < best) {
      best = ratio;
      bestMass = cumulative;
    }
  }
  const slope = -mass / bestMass;

  // Pass 2: the earliest age at which a steeper candidate (smaller P_j) crosses below the minimum.
  let until = values[first] as number;
  below = 0;
  cumulative = 0;
  for (let j = first; j < n; j++) {
    const p = probs[j] as number;
    if (!(p > 0)) continue;
    const gap = (values[j] as number) - age;
    below += p * gap;
    cumulative += p;
    if (cumulative >= bestMass) break;
    const ratio = (below + (mass - cumulative) * gap) / cumulative;
    const closing = mass / cumulative + slope; // how much faster this line falls
    if (closing > 0) {
      const crossing = age + (ratio - best) / closing;
      if (crossing > age && crossing < until) until = crossing;
    }
  }
  return { tier: 0, key: best, slope, until };
}

/**
 * Pieces of one distribution's rank function already computed, contiguous from age 0 up to
 * `covered` (the `until` of the last one). Executors that step a job piece by piece from age 0
 * (the M/G/1 lab) or share one distribution object between jobs (binned posteriors) then pay
 * O(log pieces) per rank instead of O(K).
 */
interface PieceMemo {
  readonly starts: number[];
  readonly keys: number[];
  readonly slopes: number[];
  readonly ends: number[];
  readonly tiers: number[];
}

function lookup(memo: PieceMemo, age: number): Rank | undefined {
  const starts = memo.starts;
  const count = starts.length;
  if (count === 0 || age >= (memo.ends[count - 1] as number)) return undefined;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((starts[middle] as number) <= age) low = middle;
    else high = middle - 1;
  }
  const start = starts[low] as number;
  const slope = memo.slopes[low] as number;
  return {
    tier: memo.tiers[low] as number,
    key: (memo.keys[low] as number) + slope * (age - start),
    slope,
    until: memo.ends[low] as number,
  };
}

/**
 * Gittins index policy (Scully & Harchol-Balter, WiOpt'21; algorithms.md §6): serve the job with
 * the lowest Gittins rank computed from its predicted size distribution.
 */
export const gittins: RankPolicyFactory = {
  name: 'gittins',
  summary: 'Gittins index on a predicted size distribution (optimal given that information)',
  params: [],
  create: () => {
    const memos = new WeakMap<SizeDistribution, PieceMemo>();
    return {
      name: 'gittins',
      preemptive: true,
      needs: ['sizeDistribution'],
      rank: (job) => {
        const dist = job.sizeDistribution;
        if (dist === undefined) throw missingField('gittins', 'sizeDistribution');
        const age = job.age;
        let memo = memos.get(dist);
        if (memo !== undefined) {
          const hit = lookup(memo, age);
          if (hit !== undefined) return hit;
        }
        const rank = gittinsRank(dist, age);
        if (memo === undefined) {
          if (age !== 0) return rank;
          memo = { starts: [], keys: [], slopes: [], ends: [], tiers: [] };
          memos.set(dist, memo);
        }
        const count = memo.starts.length;
        const covered = count === 0 ? 0 : (memo.ends[count - 1] as number);
        if (age === covered && Number.isFinite(rank.until)) {
          memo.starts.push(age);
          memo.keys.push(rank.key);
          memo.slopes.push(rank.slope);
          memo.ends.push(rank.until);
          memo.tiers.push(rank.tier);
        }
        return rank;
      },
    };
  },
};
