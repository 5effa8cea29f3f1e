/**
 * Mooncake `hash_ids` -> per-KV-block prefix hashes.
 *
 * Mooncake hashes its prompts in 512-token blocks: `hash_ids[i]` names tokens [512 i, 512 (i + 1)),
 * and equal leading ids mean a shareable prefix (an id always follows the same predecessors, so it
 * already identifies the whole prefix up to its end, as vLLM's chained block hashes do).
 * llmsched's engines use 16-token KV blocks, so each id expands into 32 block hashes
 * `"<id>:<j>"` for j = 0..31; block k of a prompt gets `"<hash_ids[k / 32]>:<k % 32>"`.
 * Only full 16-token blocks get a hash (floor(input_length / 16) of them), as in vLLM.
 * Two requests share block k exactly when they share hash id k / 32, so sharing is preserved
 * at 16-token granularity and never invented.
 *
 *   hash_ids:   [     7     ][     9     ][  12 (partial)  ]
 *   blocks:     7:0 ... 7:31  9:0 ... 9:31  12:0 ... 12:m
 *
 * Strings are interned per id, so a trace with many shared prefixes stays small in memory.
 */
export const mooncakeBlockTokens = 512;

export interface PrefixHashExpander {
  expand(hashIds: readonly number[], promptTokens: number, blockSize: number): string[];
}

/** One expander per trace read (it caches the strings of every id it has seen). */
export function createMooncakeHashExpander(): PrefixHashExpander {
  const cache = new Map<number, string[]>();
  const blockStrings = (id: number, perId: number): string[] => {
    let strings = cache.get(id);
    if (strings === undefined || strings.length !== perId) {
      strings = Array.from({ length: perId }, (_, j) => `${id}:${j}`);
      cache.set(id, strings);
    }
    return strings;
  };
  return {
    expand(hashIds, promptTokens, blockSize) {
      const perId = Math.max(1, Math.floor(mooncakeBlockTokens / blockSize));
      const fullBlocks = Math.min(Math.floor(promptTokens / blockSize), hashIds.length * perId);
      const hashes: string[] = [];
      for (let i = 0; i * perId < fullBlocks; i++) {
        const strings = blockStrings(hashIds[i] ?? 0, perId);
        const take = Math.min(perId, fullBlocks - i * perId);
        for (let j = 0; j < take; j++) hashes.push(strings[j] as string);
      }
      return hashes;
    },
  };
}
