/**
 * Sorts jobs by (rank, arrival, seq) ranking each job once (decorate, sort, undecorate): the same
 * order as `compareJobs(policy)`, in O(n rank + n log n). Returns a new array; the input is untouched.
 *
 * @example
 * const queue = sortByRank(createRankPolicy('sprpt'), views);
 */

import { compareNumbers } from '../core/compare.js';
import type { JobView } from '../core/job-view.js';
import { compareRanks, type Rank } from '../core/rank.js';
import type { RankPolicy } from './rank-policy.js';

/**
 * Sorts jobs by (rank, arrival, seq) ranking each job once (decorate, sort, undecorate): the same
 * order as `compareJobs(policy)`, in O(n rank + n log n).
 */
export function sortByRank<T extends JobView>(policy: RankPolicy, jobs: readonly T[]): T[] {
  const decorated: { readonly job: T; readonly rank: Rank }[] = jobs.map((job) => ({
    job,
    rank: policy.rank(job),
  }));
  decorated.sort(
    (a, b) =>
      compareRanks(a.rank, b.rank) ||
      compareNumbers(a.job.arrivalTime, b.job.arrivalTime) ||
      compareNumbers(a.job.seq, b.job.seq),
  );
  return decorated.map((entry) => entry.job);
}
