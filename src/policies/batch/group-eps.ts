/**
 * `group-eps`: request groups + generation ratio (Chen, Jiao, Mortier 2026 slides; the
 * reconstruction `GROUP_EPS` of algorithms.md §12).
 * Why choose: prefix-heavy traffic where applications inject system prompts; runs a group while its
 *   prefix is cached and starts long-decode / cheap-prefill requests first, so decodes overlap the
 *   compute-bound prefills of mixed batches.
 * Inputs consumed: `prefixHashes` (first `groupBlocks` blocks name the group) or `group`,
 *   `cachedTokens`, `predictedSize`/`predictedRemaining`, arrival time, state.
 *
 *   eps(r)  = Ldec(r) / max(P - cached, 1)       (P with rawPrefill=1); Ldec = predicted remaining >= 1
 *   eps'(r) = eps(r) * (1 + wait / agingTau)     (agingTau > 0 only)
 *   G(g)    = max eps' of the waiting members    (mean with meanScore=1)
 *   queue   = preempted (arrival order, as vLLM re-queues them at the front)
 *           , then promoted: waited >= maxWait (aging guard): resident ones (prefix cached) first,
             then FCFS (a cached prefix is cheap to serve and may be evicted while it waits)
 *           , then groups: resident first (a waiting member's prefix is cached: in the simulator a
 *             running member's computed prefix counts, on the llama.cpp engine only a free slot's), G desc,
 *             more members, oldest member; inside a group eps' desc, then arrival
 *   held    = a member of a group that has a member still prefilling (holdSiblings), and every
 *             member but the first of a group that is not resident: the first warms the prefix,
 *             the rest hit it once it is computed instead of prefilling it in the same step.
 *             Never on an executor whose running KV is not shared (limits.prefixSharing
 *             'free-slots', the llama.cpp engine): there a sibling cannot hit a running member's
 *             prefix, and holding it only leaves slots idle; group-aware slot matching is then
 *             the resident-first order (a free slot holds the group's prefix)
 * The step is predicted-cost's (`planRunningFirst`, the one running-first loop): a budget of
 * stepTokens (2,048; 0 = the engine's max_num_batched_tokens), running decodes before running
 * prefill chunks (each by arrival; KV shortage preempts the last of that order), then the queue
 * above in order while budget, max_num_seqs and memory last, no skipping. Held requests are not
 * in the view.
 *
 * Aging bound (tested): with the guard on, a request that has waited maxWait is ahead of every
 * request that has not, so it waits at most maxWait plus the wait behind the preempted and the
 * other promoted requests (older ones, and promoted cache hits); it is never held. Without the
 * guard (aging=0) a low-eps request can starve.
 * Tie-break: arrival, then admission sequence. Complexity: O(n log n) per step.
 * A request with neither prefix hashes nor a group fails the plan (one line), never a silent FCFS.
 */

import { SchedulerError } from '../../core/errors.js';
import type { EngineView, SeqView, StepPlan } from '../../core/step-plan.js';
import { missingField } from '../missing-field.js';
import type { BatchPolicy, BatchPolicyFactory } from './batch-policy.js';
import {
  type GroupEpsParams,
  groupEpsParamSpecs,
  parseGroupEpsParams,
} from './group-eps-params.js';
import { planRunningFirst } from './running-first.js';
import { compareArrival, compareDecodesFirst, isDecoding } from './seq-tokens.js';

/**
 * `group-eps`: request groups + generation ratio (Chen, Jiao, Mortier 2026 slides; the
 * reconstruction `GROUP_EPS` of algorithms.md §12).
 */
export const groupEpsName = 'group-eps';

interface Entry {
  readonly seq: SeqView;
  readonly eps: number;
}

interface Group {
  readonly key: string;
  readonly members: Entry[];
  resident: boolean;
  score: number;
  oldest: SeqView;
}

/** The key of a request's group (memoised per view object: the key of a request never changes). */
function createGroupKeys(groupBlocks: number): (seq: SeqView) => string {
  const memo = new WeakMap<SeqView, string>();
  return (seq) => {
    let key = memo.get(seq);
    if (key !== undefined) return key;
    const hashes = seq.prefixHashes;
    if (hashes !== undefined && hashes.length > 0) {
      key = `h:${hashes.slice(0, groupBlocks).join('\u0001')}`;
    } else if (seq.group !== undefined) {
      key = `g:${seq.group}`;
    } else if (hashes !== undefined) {
      key = `r:${seq.id}`; // a prompt shorter than one block: a group of its own
    } else {
      throw new SchedulerError(
        'INPUT_INVALID',
        `policy '${groupEpsName}' needs prefix information, but request ${seq.id} has no prefix hashes and no group (use a trace with prefix hashes, e.g. Mooncake hash_ids, or a workload with applications)`,
      );
    }
    memo.set(seq, key);
    return key;
  };
}

function epsOf(seq: SeqView, params: GroupEpsParams, now: number): number {
  const size = seq.predictedSize;
  if (size === undefined) throw missingField(groupEpsName, 'predictedSize');
  const decode = Math.max(1, seq.predictedRemaining ?? size - seq.generated);
  const prefill = params.rawPrefill ? seq.promptTokens : seq.promptTokens - seq.cachedTokens;
  const eps = decode / Math.max(prefill, 1);
  return params.agingTau > 0 ? eps * (1 + (now - seq.arrivalTime) / params.agingTau) : eps;
}

function compareGroups(a: Group, b: Group): number {
  return (
    Number(b.resident) - Number(a.resident) ||
    b.score - a.score ||
    b.members.length - a.members.length ||
    compareArrival(a.oldest, b.oldest)
  );
}

/**
 * The admission queue (preempted, promoted, groups) and the held requests of one step.
 * Exported for tests and for executors that only order (the gateway).
 */
export function groupEpsOrder(
  view: EngineView,
  params: GroupEpsParams,
  keyOf: (seq: SeqView) => string = createGroupKeys(params.groupBlocks),
): { readonly queue: SeqView[]; readonly held: Set<SeqView> } {
  const now = view.now as number;
  const prefillingGroups = new Set<string>();
  const preempted: SeqView[] = [];
  const promoted: SeqView[] = [];
  const groups = new Map<string, Group>();
  for (const seq of view.requests) {
    if (seq.state === 'running') {
      // every request was checked while it waited; a running one without prefix info has no group
      if (seq.prefixHashes === undefined && seq.group === undefined) continue;
      if (!isDecoding(seq)) prefillingGroups.add(keyOf(seq));
      continue;
    }
    const key = keyOf(seq); // also the check that the request carries prefix information
    if (seq.state === 'preempted') {
      preempted.push(seq);
    } else if (now - seq.arrivalTime >= params.maxWait) {
      promoted.push(seq);
    } else {
      const entry = { seq, eps: epsOf(seq, params, now) };
      const group = groups.get(key);
      if (group === undefined) {
        groups.set(key, { key, members: [entry], resident: false, score: 0, oldest: seq });
      } else {
        group.members.push(entry);
        if (compareArrival(seq, group.oldest) < 0) group.oldest = seq;
      }
    }
  }
  const held = new Set<SeqView>();
  // a sibling can only reuse a running member's prefix where running KV is shared (paged blocks)
  const holdSiblings = params.holdSiblings && view.limits.prefixSharing !== 'free-slots';
  const ordered = [...groups.values()];
  for (const group of ordered) {
    const members = group.members;
    members.sort((a, b) => b.eps - a.eps || compareArrival(a.seq, b.seq));
    let sum = 0;
    let max = 0;
    let cached = false;
    for (const { seq, eps } of members) {
      sum += eps;
      if (eps > max) max = eps;
      if (seq.cachedTokens >= view.limits.blockSize) cached = true;
    }
    group.score = params.meanScore ? sum / members.length : max;
    group.resident = cached;
    if (!holdSiblings) continue;
    if (prefillingGroups.has(group.key)) {
      for (const { seq } of members) held.add(seq);
    } else if (!group.resident) {
      for (let i = 1; i < members.length; i++) held.add((members[i] as Entry).seq);
    }
  }
  ordered.sort(compareGroups);
  preempted.sort(compareArrival);
  promoted.sort(
    (a, b) =>
      Number(b.cachedTokens >= view.limits.blockSize) -
        Number(a.cachedTokens >= view.limits.blockSize) || compareArrival(a, b),
  );
  const queue = [...preempted, ...promoted];
  for (const group of ordered) {
    for (const { seq } of group.members) if (!held.has(seq)) queue.push(seq);
  }
  return { queue, held };
}

function createGroupEps(
  params: GroupEpsParams,
  preemptMode: 'recompute' | 'swap',
  stepTokens: number,
): BatchPolicy {
  const keyOf = createGroupKeys(params.groupBlocks);
  return {
    name: groupEpsName,
    needs: ['predictedSize', 'prefixHashes'],
    decodeStable: true,
    plan(view: EngineView): StepPlan {
      const { queue, held } = groupEpsOrder(view, params, keyOf);
      const position = new Map<SeqView, number>();
      queue.forEach((seq, i) => {
        position.set(seq, i);
      });
      const requests = held.size > 0 ? view.requests.filter((s) => !held.has(s)) : view.requests;
      return planRunningFirst(
        { ...view, requests },
        {
          preemptMode,
          compareRunning: compareDecodesFirst,
          stepTokens,
          keyOf: (seq) => position.get(seq) as number,
        },
      );
    },
  };
}

export const groupEps: BatchPolicyFactory = {
  name: groupEpsName,
  summary:
    'request groups + generation ratio: run a group while its prefix is cached, long-decode/cheap-prefill first, aging guard',
  create: (options) => {
    const params = parseGroupEpsParams(options.params);
    // the gateway only orders dispatches: no step budget there (as predicted-cost)
    const stepTokens = options.dispatchOnly ? 0 : params.stepTokens;
    return createGroupEps(params, options.preemptMode ?? 'recompute', stepTokens);
  },
};

export { groupEpsParamSpecs };
