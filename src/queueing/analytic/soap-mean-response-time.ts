/**
 * Mean response time from the SOAP evaluator for the policies it describes: las, sprpt-bounce,
 * and skippredict / delaypredict in the external-cost model (serverCost = 0; c1, c2 are then
 * irrelevant). Returns a string reason when the policy or parameter set is not covered (also
 * point-mass sizes except for las: the r-tables interpolate across the atoms' jumps).
 * Tables are cached per (service, prediction, policy, parameter).
 *
 * @example
 * soapPolicyMeanResponseTime('sprpt-bounce', exp, exponentialPrediction, 0.5, {}); // 1.6897
 */

import type { Distribution } from '../../core/distributions/distribution.js';
import { type PolicyParams, param } from '../../policies/rank-policy.js';
import { rankPolicies } from '../../policies/registry.js';
import type { PredictionModel } from '../prediction-model.js';
import { exactPrediction } from '../prediction-models/exact-prediction.js';
import { buildSoapTables, type SoapRanks, type SoapTables, soapMeanResponseTime } from './soap.js';
import { soapJointNodes } from './soap-joint-nodes.js';
import { delaypredictRanks, lasRanks, skippredictRanks, sprptBounceRanks } from './soap-ranks.js';

/** The rank policies whose mean response time is computed by the SOAP method here. */
export type SoapPolicyName = 'las' | 'sprpt-bounce' | 'skippredict' | 'delaypredict';

const tableCache = new Map<string, SoapTables>();

function describe(
  policy: SoapPolicyName,
  params: PolicyParams,
): { readonly ranks: SoapRanks; readonly key: string; readonly usesPrediction: boolean } | string {
  switch (policy) {
    case 'las':
      return { ranks: lasRanks, key: 'las', usesPrediction: false };
    case 'sprpt-bounce':
      return { ranks: sprptBounceRanks, key: 'sprpt-bounce', usesPrediction: true };
    case 'skippredict': {
      if (param(params, rankPolicies.skippredict.params, 'serverCost') >= 0.5) {
        return 'skippredict: only the external-cost model (serverCost=0) has a SOAP formula here';
      }
      const threshold = param(params, rankPolicies.skippredict.params, 'T');
      return {
        ranks: skippredictRanks(threshold),
        key: `skippredict:${threshold}`,
        usesPrediction: true,
      };
    }
    case 'delaypredict': {
      if (param(params, rankPolicies.delaypredict.params, 'serverCost') >= 0.5) {
        return 'delaypredict: only the external-cost model (serverCost=0) has a SOAP formula here';
      }
      const limit = param(params, rankPolicies.delaypredict.params, 'L');
      return {
        ranks: delaypredictRanks(limit),
        key: `delaypredict:${limit}`,
        usesPrediction: true,
      };
    }
  }
}

export function soapPolicyMeanResponseTime(
  policy: SoapPolicyName,
  service: Distribution,
  prediction: PredictionModel,
  lambda: number,
  params: PolicyParams = {},
): number | string {
  const described = describe(policy, params);
  if (typeof described === 'string') return described;
  if ((service.atoms?.length ?? 0) > 0 && policy !== 'las') {
    return `${policy} with point-mass sizes (${service.spec}): rank ties at the atoms need exact sums; use --method sim`;
  }
  const model = described.usesPrediction ? prediction : exactPrediction;
  const nodes = soapJointNodes(service, model);
  const key = `${service.spec}|${model.spec}|${described.key}`;
  let tables = tableCache.get(key);
  if (!tables) {
    tables = buildSoapTables(soapJointNodes(service, model, true), described.ranks);
    tableCache.set(key, tables);
  }
  return soapMeanResponseTime(nodes, described.ranks, tables, lambda);
}
