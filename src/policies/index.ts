/**
 * `llmsched/policies`: every scheduling policy by name. Rank policies (one registry for the M/G/1
 * lab, the simulator and the real engine), batch policies (step planners) and replica routers.
 */
export type { BatchPolicy, BatchPolicyFactory, BatchPolicyOptions } from './batch/batch-policy.js';
export {
  type BatchPolicyName,
  batchPolicies,
  batchPolicyNames,
  createBatchPolicy,
  isBatchPolicyName,
  knownPolicyNames,
  resolveBatchPolicy,
} from './batch/registry.js';
export { compareJobs } from './compare-jobs.js';
export { predictedRemaining, predictedSize, trueSize } from './predicted-remaining.js';
export {
  type ParamSpec,
  type PolicyParams,
  param,
  type RankPolicy,
  type RankPolicyFactory,
} from './rank-policy.js';
export {
  createRankPolicy,
  isRankPolicyName,
  type RankPolicyName,
  rankPolicies,
  rankPolicyNames,
} from './registry.js';
export type { Router } from './routing/router.js';
export {
  createRouter,
  type RouterFactory,
  type RouterName,
  routerNames,
  routers,
} from './routing/router-registry.js';
export { sortByRank } from './sort-by-rank.js';
