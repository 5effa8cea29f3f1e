/**
 * One applied step, as `ExecutorCore.startStep` hands it to its executor: the scheduled requests
 * and their token counts (parallel arrays in plan order), the step's shape for the cost model, and
 * the seconds beyond the compute. The arrays belong to the core: valid until the step after the
 * next one starts (read them during the step, do not keep them).
 */

import type { StepShape } from '../core/step-plan.js';
import type { ExecRequest } from './exec-request.js';

/**
 * One step's work as the executor hands it to its clock or engine: the requests, their tokens and
 * the batch shape.
 */
export interface StepWork<R extends ExecRequest> {
  /** Scheduled requests and their token counts (parallel arrays, plan order). */
  readonly requests: readonly R[];
  readonly tokens: readonly number[];
  readonly shape: StepShape;
  /** Seconds beyond the compute: swaps and first-scheduling prediction work. */
  readonly extraSeconds: number;
}
