/**
 * A trace as the cache analysis sees it: each request references a CHAIN of cache blocks (its
 * prompt prefix, block j = tokens [j b, (j + 1) b)), and a block id names the whole prefix up to its
 * end, so equal ids mean a shareable prefix. Blocks are `blockTokens` long (a multiple of the
 * 16-token prefix-hash block; 512 = one Mooncake hash id); the last block of a prompt may be
 * shorter (its token count is kept).
 *
 *   request:  hashes h0 h1 ... (16 tokens each)  ->  chain [B0 = (h0..h31)] [B1 = (B0, h32..h63)] ...
 *
 * Also precomputed for the offline policies: for every reference (request i, position j) the index
 * of the next request that references the same block.
 */

import { SchedulerError } from '../../core/errors.js';
import type { SchedRequest } from '../../core/request.js';
import { prefixBlockSize } from '../../workloads/prefix-block-size.js';

/** A trace as flat arrays of prefix block chains, with each block reference's next use. */
export interface PrefixChains {
  /** Requests in arrival order. */
  readonly times: Float64Array;
  readonly promptTokens: Float64Array;
  /** chain of request i = blocks[offsets[i] .. offsets[i + 1]). */
  readonly offsets: Int32Array;
  readonly blocks: Int32Array;
  /** Tokens of each reference (parallel to `blocks`). */
  readonly refTokens: Float64Array;
  /** Next request referencing the same block (parallel to `blocks`), or Infinity. */
  readonly nextUse: Float64Array;
  /** Depth (chain position) of each block id. */
  readonly depth: Int32Array;
  readonly blockCount: number;
  readonly blockTokens: number;
  readonly totalPromptTokens: number;
}

export function buildPrefixChains(
  requests: readonly SchedRequest[],
  blockTokens = 512,
): PrefixChains {
  if (!Number.isInteger(blockTokens / prefixBlockSize) || blockTokens < prefixBlockSize) {
    throw new SchedulerError(
      'INPUT_INVALID',
      `cache block size must be a positive multiple of ${prefixBlockSize} tokens, got ${blockTokens}`,
    );
  }
  const per = blockTokens / prefixBlockSize;
  const sorted = [...requests].sort((a, b) => a.arrivalTime - b.arrivalTime);
  const ids = new Map<string, number>();
  const offsets = new Int32Array(sorted.length + 1);
  const blockList: number[] = [];
  const tokenList: number[] = [];
  const depthList: number[] = [];
  let total = 0;
  sorted.forEach((request, i) => {
    const hashes = request.prefixHashes;
    if (hashes === undefined) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `request ${request.id} has no prefix hashes: the cache analysis needs a trace with them (e.g. Mooncake hash_ids)`,
      );
    }
    total += request.promptTokens;
    offsets[i] = blockList.length;
    let parent = -1;
    for (let j = 0; j * per < hashes.length; j++) {
      const chunk = hashes.slice(j * per, (j + 1) * per);
      const name = `${parent}|${chunk.join(',')}`;
      let id = ids.get(name);
      if (id === undefined) {
        id = ids.size;
        ids.set(name, id);
        depthList.push(j);
      }
      blockList.push(id);
      tokenList.push(chunk.length * prefixBlockSize);
      parent = id;
    }
  });
  offsets[sorted.length] = blockList.length;
  const blocks = Int32Array.from(blockList);
  const nextUse = new Float64Array(blocks.length).fill(Number.POSITIVE_INFINITY);
  const lastRef = new Int32Array(ids.size).fill(-1);
  for (let i = sorted.length - 1; i >= 0; i--) {
    for (let r = offsets[i] as number; r < (offsets[i + 1] as number); r++) {
      const block = blocks[r] as number;
      const next = lastRef[block] as number;
      if (next >= 0) nextUse[r] = next;
      lastRef[block] = i;
    }
  }
  return {
    times: Float64Array.from(sorted.map((r) => r.arrivalTime)),
    promptTokens: Float64Array.from(sorted.map((r) => r.promptTokens)),
    offsets,
    blocks,
    refTokens: Float64Array.from(tokenList),
    nextUse,
    depth: Int32Array.from(depthList),
    blockCount: ids.size,
    blockTokens,
    totalPromptTokens: total,
  };
}
