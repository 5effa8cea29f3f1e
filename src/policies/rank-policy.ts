/**
 * A scheduling policy as a pure SOAP rank function: the rank of a job from its type and age.
 * Lower runs first; ties go to the earlier arrival, then the lower admission sequence.
 * No clock, no RNG, no I/O, no mutation. Every executor (M/G/1 lab, engine simulator, real engine)
 * applies the same `rank`.
 */

import type { JobField, JobView } from '../core/job-view.js';
import type { Rank } from '../core/rank.js';

/** A scheduling policy as a pure SOAP rank function: the rank of a job from its type and age. */
export interface RankPolicy {
  readonly name: string;
  /**
   * Preemptive policies are re-ranked against the running job at every event. For a non-preemptive
   * policy a job, once started, runs to completion (the executor gives it rank -infinity).
   */
  readonly preemptive: boolean;
  /** Optional JobView fields this policy reads; executors must supply them. */
  readonly needs: readonly JobField[];
  rank(job: JobView): Rank;
  /**
   * Extra work the policy itself puts on the server for this job (SkipPredict/DelayPredict in the
   * server-time cost model: prediction work), given the job's true `size`. Executors add it to the
   * job's service requirement; the job's age then counts prediction work too. Absent = none.
   */
  readonly workOverhead?: (job: JobView) => number;
  /**
   * Optional capability: the rank as a closed form, for executors that may skip the `rank` call in
   * a hot loop (the M/G/1 simulator). When present, for every view WITHOUT `predictedRemaining`,
   * `rank(view)` equals `{ tier, key: base + slope * age, slope, until: Infinity }` where `base` is
   * 0, `size` or `predictedSize` as named. `src/queueing/closed-form-rank.test.ts` checks this for
   * every registry policy that declares it. Absent = executors call `rank`.
   */
  readonly closedForm?: ClosedFormRank;
}

/** A rank linear in age with one piece: (tier, base + slope * age). See `RankPolicy.closedForm`. */
export interface ClosedFormRank {
  readonly tier: number;
  readonly base: 'zero' | 'size' | 'predictedSize';
  readonly slope: number;
}

/** Numeric policy parameters (threshold T, Trail's c, prediction costs, ...). */
export type PolicyParams = Readonly<Record<string, number>>;

export interface ParamSpec {
  readonly name: string;
  readonly default: number;
  readonly doc: string;
}

/** A registry entry: documentation, parameters with defaults, and a factory. */
export interface RankPolicyFactory {
  readonly name: string;
  /** One line: why choose it. */
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  create(params: PolicyParams): RankPolicy;
}

/** Reads a parameter, falling back to the spec's default. */
export function param(params: PolicyParams, specs: readonly ParamSpec[], name: string): number {
  const given = params[name];
  if (given !== undefined) return given;
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`policy parameter '${name}' is not declared`);
  return spec.default;
}
