/**
 * Least outstanding requests (SGLang's shortest queue, vLLM production-stack least-loaded):
 * filter to the replicas with the fewest unfinished requests, then prefer less predicted work.
 * Why choose: heterogeneous request sizes without predictions; robust default.
 * Inputs consumed: outstandingRequests, then outstandingPredictedTokens.
 * Tie-break: lowest replica id. Complexity: O(n).
 */

import { predictedWorkScorer } from './load-scorers.js';
import { minLoadFilter } from './min-load-filter.js';
import { composeRouter, type Router } from './router.js';

/**
 * Least outstanding requests (SGLang's shortest queue, vLLM production-stack least-loaded): filter
 * to the replicas with the fewest unfinished requests, then prefer less predicted work.
 */
export function leastOutstanding(): Router {
  return composeRouter('least-outstanding', {
    filters: [minLoadFilter((replica) => replica.outstandingRequests)],
    scorers: [predictedWorkScorer(1)],
  });
}
