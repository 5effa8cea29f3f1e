/**
 * Predicted remaining size of a job: the refined `predictedRemaining` when the executor supplies one
 * (Trail's refined predictor), else `predictedSize - age` (may be negative for overdue jobs; SPRPT
 * keeps going, see algorithms.md §2 pitfalls). Either way it counts down one unit per unit of age.
 *
 * @example
 * predictedRemaining({ seq: 0, arrivalTime: 0, age: 2, predictedSize: 5 }, 'sprpt'); // 3
 */

import type { JobView } from '../core/job-view.js';
import { missingField } from './missing-field.js';

/**
 * Predicted remaining size of a job: the refined `predictedRemaining` when the executor supplies
 * one (Trail's refined predictor), else `predictedSize - age` (may be negative for overdue jobs;
 * SPRPT keeps going, see algorithms.md §2 pitfalls).
 */
export function predictedRemaining(job: JobView, policy: string): number {
  if (job.predictedRemaining !== undefined) return job.predictedRemaining;
  const y = job.predictedSize;
  if (y === undefined) throw missingField(policy, 'predictedSize');
  return y - job.age;
}

/** The predicted total size y; throws when absent. */
export function predictedSize(job: JobView, policy: string): number {
  const y = job.predictedSize;
  if (y === undefined) throw missingField(policy, 'predictedSize');
  return y;
}

/** The true size x (clairvoyant policies only); throws when absent. */
export function trueSize(job: JobView, policy: string): number {
  const x = job.size;
  if (x === undefined) throw missingField(policy, 'size');
  return x;
}
