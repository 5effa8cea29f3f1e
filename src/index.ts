/**
 * The `llmsched` package root: core types (requests, jobs, ranks, step plans, branded units),
 * typed errors, the seeded RNG, the policy registries and workloads (trace readers/writers,
 * synthetic generators). Subpaths: `llmsched/policies`, `llmsched/queueing` (the M/G/1 lab),
 * `llmsched/sim` (the serving-engine simulator), `llmsched/predictors` (output-length predictors).
 *
 * @example
 * import { createRankPolicy } from 'llmsched';
 * const policy = createRankPolicy('sprpt');
 */
export * from './core/index.js';
export * from './policies/index.js';
export * from './workloads/index.js';
