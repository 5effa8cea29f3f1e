/**
 * Tests of compareJobs and sortByRank: rank first, then arrival, then seq; sortByRank returns a new
 * array and leaves its input alone.
 */
import { describe, expect, it } from 'vitest';
import type { JobView } from '../core/job-view.js';
import { compareJobs } from './compare-jobs.js';
import { createRankPolicy } from './registry.js';
import { sortByRank } from './sort-by-rank.js';

const view = (seq: number, arrivalTime: number, predictedSize: number): JobView => ({
  seq,
  arrivalTime,
  age: 0,
  predictedSize,
});

describe('compareJobs / sortByRank', () => {
  it('applies rank, then arrival, then seq', () => {
    const compare = compareJobs(createRankPolicy('spjf'));
    expect(compare(view(0, 5, 1), view(1, 0, 2))).toBeLessThan(0);
    expect(compare(view(1, 0, 2), view(0, 5, 2))).toBeLessThan(0);
    expect(compare(view(3, 0, 2), view(2, 0, 2))).toBeGreaterThan(0);
  });
  it('sortByRank returns a new sorted array and leaves the input alone', () => {
    const jobs = [view(0, 0, 3), view(1, 1, 1), view(2, 2, 2)];
    const sorted = sortByRank(createRankPolicy('spjf'), jobs);
    expect(sorted.map((job) => job.seq)).toEqual([1, 2, 0]);
    expect(jobs.map((job) => job.seq)).toEqual([0, 1, 2]);
  });
});
