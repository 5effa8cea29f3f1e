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
 * Gittins index policy (Scully & Harchol-Balter, WiOpt'21; algorithms.md §6): serve the job with
 * the lowest Gittins rank computed from its predicted size distribution.
 * Why choose: when the scheduler knows a distribution for each job (a calibrated distributional
 * predictor, e.g. Trail's bin posterior), Gittins minimises mean response time in the M/G/1 among
 * all policies with that information. Point mass -> SRPT; NBUE -> FCFS-like; DHR -> LAS-like.
 * Consumes: sizeDistribution (discrete, over TOTAL size; the rank conditions on X > age).
 * Rank: piecewise linear in age, recomputed at atoms and at envelope switches (see `gittinsRank`);
 * it can jump up at atoms, so event executors must honour `until`.
 * Tie-break: arrival, then admission sequence.
 * Complexity: O(K) per rank for K atoms.
 */
export const gittins: RankPolicyFactory = {
  name: 'gittins',
  summary: 'Gittins index on a predicted size distribution (optimal given that information)',
  params: [],
  create: () => ({
    name: 'gittins',
    preemptive: true,
    needs: ['sizeDistribution'],
    rank: (job) => {
      const dist = job.sizeDistribution;
      if (dist === undefined) throw missingField('gittins', 'sizeDistribution');
      return gittinsRank(dist, job.age);
    },
  }),
};
