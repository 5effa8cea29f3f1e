/**
 * SGLang `--schedule-policy dfs-weight`.
 * Why choose: many requests sharing a few prefixes; runs each prefix group together, biggest first.
 * Inputs consumed: `prefixHashes` cut to the cached match (`cachedTokens`), arrival time.
 * Order: depth-first over the tree of matched prefixes; at each node children by weight (waiting
 *   requests in the subtree) descending, then the requests whose match ends at the node
 *   (SGLang `_get_dfs_priority`). Requests with no hashes sit at the root.
 * Tie-break: first arrival within a subtree, then admission sequence. Complexity: O(n · depth).
 */

import type { SeqView } from '../../core/step-plan.js';
import type { BatchPolicyFactory } from './batch-policy.js';
import { compareArrival } from './seq-tokens.js';
import { planSglangStep } from './sglang-step.js';

interface TrieNode {
  readonly children: Map<string, TrieNode>;
  readonly here: SeqView[];
  weight: number;
  first: number;
}

const newNode = (): TrieNode => ({ children: new Map(), here: [], weight: 0, first: Infinity });

export function dfsWeightOrder(waiting: readonly SeqView[], blockSize: number): SeqView[] {
  const sorted = [...waiting].sort(compareArrival);
  const anyMatch = sorted.some(
    (seq) => (seq.prefixHashes?.length ?? 0) > 0 && seq.cachedTokens >= blockSize,
  );
  if (!anyMatch) return sorted; // every request sits at the root: FCFS
  const root = newNode();
  sorted.forEach((seq, position) => {
    const hashes = seq.prefixHashes ?? [];
    const depth = Math.min(hashes.length, Math.floor(seq.cachedTokens / blockSize));
    let node = root;
    node.weight++;
    node.first = Math.min(node.first, position);
    for (let i = 0; i < depth; i++) {
      const key = hashes[i] as string;
      let child = node.children.get(key);
      if (!child) {
        child = newNode();
        node.children.set(key, child);
      }
      node = child;
      node.weight++;
      node.first = Math.min(node.first, position);
    }
    node.here.push(seq);
  });
  // Post-order walk with an explicit stack: Mooncake prompts chain thousands of blocks, deeper
  // than the JavaScript call stack allows for a recursive walk.
  const out: SeqView[] = [];
  const byWeight = (node: TrieNode): TrieNode[] =>
    [...node.children.values()].sort((a, b) => b.weight - a.weight || a.first - b.first);
  const stack: { node: TrieNode; children: TrieNode[]; next: number }[] = [
    { node: root, children: byWeight(root), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    const child = top.children[top.next++];
    if (child) stack.push({ node: child, children: byWeight(child), next: 0 });
    else {
      for (const seq of top.node.here) out.push(seq);
      stack.pop();
    }
  }
  return out;
}

export const sglangDfsWeight: BatchPolicyFactory = {
  name: 'sglang-dfs-weight',
  summary: 'SGLang DFS over the prefix tree, heaviest subtree first',
  create: (options) => ({
    name: 'sglang-dfs-weight',
    decodeStable: true,
    plan: (view) =>
      planSglangStep(view, {
        chunkSize: options.chunkSize ?? 8192,
        preemptMode: options.preemptMode ?? 'recompute',
        order: (waiting: SeqView[]) => dfsWeightOrder(waiting, view.limits.blockSize),
      }),
  }),
};
