/**
 * Block keys for prefix caching. A key names the FULL CONTENT of a block and of every block before
 * it (vLLM chains each block hash with its parent's), so equal keys mean a shareable prefix.
 *
 * - Blocks covered by a request's `prefixHashes` get an interned chain key: key_i = intern(key_{i-1},
 *   hash_i). Hashes are chained here even if the trace already chains them (harmless).
 * - Every other block of a request (prompt blocks without hashes, output blocks) gets a key unique
 *   to the request, so a recompute after preemption can hit its own still-cached blocks, as vLLM's
 *   hashing of all full blocks allows.
 */
export interface PrefixKeys {
  /** Chain keys of a request's hashed prompt blocks. */
  chain(hashes: readonly string[]): Int32Array;
  /** A fresh range of `count` unique keys; returns the first. */
  reserve(count: number): number;
  readonly interned: number;
}

export function createPrefixKeys(): PrefixKeys {
  const table = new Map<string, number>();
  let next = 1;
  return {
    chain(hashes) {
      const keys = new Int32Array(hashes.length);
      let parent = 0;
      for (let i = 0; i < hashes.length; i++) {
        const name = `${parent}|${hashes[i]}`;
        let key = table.get(name);
        if (key === undefined) {
          key = next++;
          table.set(name, key);
        }
        keys[i] = key;
        parent = key;
      }
      return keys;
    },
    reserve(count) {
      const first = next;
      next += Math.max(0, count);
      return first;
    },
    get interned() {
      return table.size;
    },
  };
}
