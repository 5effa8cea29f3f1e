/**
 * Prefix hashes of a shared system prompt: `"<group>:<k>"` for each full block of the first
 * `sharedTokens` tokens. Every request of the group gets the same strings, so the engine's prefix
 * cache sees them as one shareable prefix. The prompt's remaining (unique) blocks get no hash.
 *
 * @example
 * groupPrefixHashes('app-3', 40); // ['app-3:0', 'app-3:1'] (40 tokens = 2 full 16-token blocks)
 */

import { prefixBlockSize } from './prefix-block-size.js';

/**
 * Prefix hashes of a shared system prompt: `"<group>:<k>"` for each full block of the first
 * `sharedTokens` tokens.
 */
export function groupPrefixHashes(
  group: string,
  sharedTokens: number,
  blockSize = prefixBlockSize,
): string[] {
  const count = Math.floor(sharedTokens / blockSize);
  return Array.from({ length: count }, (_, k) => `${group}:${k}`);
}
