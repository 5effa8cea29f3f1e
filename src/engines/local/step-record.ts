/** One executed step: its batch composition (the cost model's inputs) and measured duration. */

import type { Seconds } from '../../core/units.js';
import type { StepBatch } from '../../sim/cost/cost-model.js';

/** One executed step: its batch composition (the cost model's inputs) and measured duration. */
export interface StepRecord extends StepBatch {
  readonly start: Seconds;
  /** Time of the batch's evaluation (the llama_decode and its sampling). */
  readonly seconds: Seconds;
  /**
   * The whole engine iteration: policy plan, slot claims (prefix erase), evaluation and applying
   * the results. Back-to-back steps start one iteration apart, so this is what a simulator's step
   * cost must match.
   */
  readonly iterationSeconds: Seconds;
  /** KV tokens held by running requests after the step. */
  readonly kvTokens: number;
}
