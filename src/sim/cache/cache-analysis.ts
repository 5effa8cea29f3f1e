/**
 * Hit rate vs cache size (`llmsched cache`): every policy simulated on the trace at every size,
 * and the Che-type approximations of LLRU next to the simulated LLRU (algorithms.md §14).
 * Sizes are in tokens; a cache of C tokens holds floor(C / blockTokens) blocks.
 */

import { approximateLlruHitRate, type CheClock } from './che-approximation.js';
import { type PrefixCachePolicy, simulatePrefixCache } from './prefix-cache-sim.js';
import type { PrefixChains } from './prefix-chains.js';

/** One cache size of the analysis: simulated hit rate per policy next to the Che approximations. */
export interface CacheAnalysisRow {
  readonly capacityTokens: number;
  readonly capacityBlocks: number;
  /** Simulated hit rate (hit tokens / prompt tokens) per policy. */
  readonly simulated: Readonly<Partial<Record<PrefixCachePolicy, number>>>;
  /**
   * LLRU approximations: IRM (§14 as written), renewal (trace inter-reference times) and windowed
   * (renewal with a characteristic time per window of the trace).
   */
  readonly cheIrm: number;
  readonly cheRenewal: number;
  readonly cheWindowed: number;
}

export interface CacheAnalysis {
  readonly blockTokens: number;
  readonly distinctBlocks: number;
  readonly requests: number;
  readonly promptTokens: number;
  /** Hit rate with an unbounded cache (every block kept). */
  readonly unboundedHitRate: number;
  readonly clock: CheClock;
  readonly rows: readonly CacheAnalysisRow[];
}

export function analyzePrefixCache(
  chains: PrefixChains,
  sizesTokens: readonly number[],
  policies: readonly PrefixCachePolicy[],
  clock: CheClock = 'references',
): CacheAnalysis {
  const rows = sizesTokens.map((capacityTokens): CacheAnalysisRow => {
    const capacityBlocks = Math.floor(capacityTokens / chains.blockTokens);
    const simulated: Partial<Record<PrefixCachePolicy, number>> = {};
    for (const policy of policies) {
      simulated[policy] = simulatePrefixCache(chains, policy, capacityBlocks).hitRate;
    }
    return {
      capacityTokens,
      capacityBlocks,
      simulated,
      cheIrm: approximateLlruHitRate(chains, capacityBlocks, 'irm', clock).hitRate,
      cheRenewal: approximateLlruHitRate(chains, capacityBlocks, 'renewal', clock).hitRate,
      cheWindowed: approximateLlruHitRate(chains, capacityBlocks, 'windowed', clock).hitRate,
    };
  });
  return {
    blockTokens: chains.blockTokens,
    distinctBlocks: chains.blockCount,
    requests: chains.offsets.length - 1,
    promptTokens: chains.totalPromptTokens,
    unboundedHitRate: simulatePrefixCache(chains, 'llru', chains.blockCount).hitRate,
    clock,
    rows,
  };
}
