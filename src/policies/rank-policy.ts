import type { JobField, JobView } from '../core/job-view.js';
import type { Rank } from '../core/rank.js';

/**
 * A scheduling policy as a pure SOAP rank function: the rank of a job from its type and age.
 * Lower runs first; ties go to the earlier arrival, then the lower admission sequence.
 * No clock, no RNG, no I/O, no mutation. Every executor (M/G/1 lab, engine simulator, real engine)
 * applies the same `rank`.
 */
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
