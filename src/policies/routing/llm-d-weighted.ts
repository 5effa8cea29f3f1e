/**
 * llm-d's default endpoint-picker profile: weighted sum of the queue scorer (weight 2),
 * the KV-cache utilization scorer (2) and the prefix-cache scorer (3), max-score picker.
 * Why choose: a blend of load and cache affinity without SGLang's hard thresholds.
 * Inputs consumed: waiting, kvUtilization, cachedPrefix + prefixHashes, promptTokens.
 * Tie-break: lowest replica id. Complexity: O(n * prefix blocks).
 */

import type { PolicyParams } from '../rank-policy.js';
import { kvUtilizationScorer, prefixScorer, queueScorer } from './load-scorers.js';
import { composeRouter, type Router } from './router.js';

/**
 * llm-d's default endpoint-picker profile: weighted sum of the queue scorer (weight 2), the KV-
 * cache utilization scorer (2) and the prefix-cache scorer (3), max-score picker.
 */
export const llmDWeightedDefaults = { queueWeight: 2, kvWeight: 2, prefixWeight: 3 } as const;

export function llmDWeighted(params: PolicyParams = {}): Router {
  return composeRouter('llm-d', {
    scorers: [
      queueScorer(params['queueWeight'] ?? llmDWeightedDefaults.queueWeight),
      kvUtilizationScorer(params['kvWeight'] ?? llmDWeightedDefaults.kvWeight),
      prefixScorer(params['prefixWeight'] ?? llmDWeightedDefaults.prefixWeight),
    ],
  });
}
