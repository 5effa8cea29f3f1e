/**
 * The prediction-cost model shared by SkipPredict and DelayPredict (Shahout & Mitzenmacher,
 * NeurIPS'24; algorithms.md §5): the `serverCost` parameter picks whether predictions take server
 * time (1) or are made outside the server (0, external), and `c2` is the expensive size
 * prediction's cost in work units. One spelling of both parameters for the two policies.
 */
import { paramInRange } from '../param-range.js';
import { type ParamSpec, type PolicyParams, param } from '../rank-policy.js';

/** `c2`: the cost of the size prediction (SkipPredict: the expensive one), in work units. */
export const c2Param: ParamSpec = {
  name: 'c2',
  default: 0,
  doc: 'cost of the size prediction (work units; the expensive one in SkipPredict)',
};

/** `serverCost`: 0 = external cost, 1 = the predictions take server time. */
export const serverCostParam: ParamSpec = {
  name: 'serverCost',
  default: 0,
  doc: '0 = external cost (predictions take no server time); 1 = server-time cost',
};

/** Whether `given` selects the server-time cost model (serverCost >= 0.5); range-checked. */
export function serverTimeCost(
  policy: string,
  given: PolicyParams,
  specs: readonly ParamSpec[],
): boolean {
  return paramInRange(policy, 'serverCost', param(given, specs, 'serverCost'), 0, 1) >= 0.5;
}
