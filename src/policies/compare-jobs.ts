/**
 * The one total order every executor applies: the policy's rank (tier, then key), then arrival time,
 * then admission sequence. Lower sorts first.
 *
 * This comparator ranks both jobs on every call (O(rank) per comparison); to sort many jobs use
 * `sortByRank`, which ranks each job once. Non-preemptive executors give a started job rank
 * -infinity themselves: this comparator knows nothing about who is running.
 *
 * @example
 * const order = [...jobs].sort(compareJobs(createRankPolicy('spjf')));
 */

import { compareNumbers } from '../core/compare.js';
import type { JobView } from '../core/job-view.js';
import { compareRanks } from '../core/rank.js';
import type { RankPolicy } from './rank-policy.js';

/**
 * The one total order every executor applies: the policy's rank (tier, then key), then arrival
 * time, then admission sequence.
 */
export function compareJobs(policy: RankPolicy): (a: JobView, b: JobView) => number {
  return (a, b) =>
    compareRanks(policy.rank(a), policy.rank(b)) ||
    compareNumbers(a.arrivalTime, b.arrivalTime) ||
    compareNumbers(a.seq, b.seq);
}
