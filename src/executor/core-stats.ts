/**
 * The executor core's running counters (`ExecutorCore.stats`): what every LLM executor reports
 * about its steps, preemptions, swaps, allocation failures, KV occupancy and prefix-cache hits.
 */
export interface CoreStats {
  steps: number;
  busySeconds: number;
  preemptions: number;
  swapOutBlocks: number;
  swapInBlocks: number;
  allocationFailures: number;
  /** ∫ used KV blocks dt over steps, block-seconds. */
  kvBlockSeconds: number;
  promptTokensLooked: number;
  promptTokensHit: number;
}
