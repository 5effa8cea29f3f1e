/**
 * Che-type approximations of the layered-LRU (LLRU) hit rate (algorithms.md §14), from the trace's
 * statistics only (no cache is simulated). Under LRU a layer (block) stays cached for a
 * characteristic time t_C after its last reference; a reference hits iff the block was referenced
 * within t_C before. Lower layers are referenced whenever a higher one is, so they are at least as
 * recent: a request hits its prefix up to layer j iff layer j is cached.
 *
 * - `irm` (§14 as written, independent reference model): layer b is referenced at rate
 *   Lambda_b = n_b / T (n_b references over the trace span T);
 *       find t_C:  sum_b (1 - exp(-Lambda_b t_C)) = C      (blocks; every block has size 1)
 *       P(hit on b) = 1 - exp(-Lambda_b t_C), times (n_b - 1) / n_b for the first reference,
 *   which is a compulsory miss in a finite trace.
 * - `renewal` (Che's characteristic time with the trace's own inter-reference times, the renewal
 *   generalisation of Martina, Garetto, Leonardi 2014): occupancy(t) = (1/T) sum over references of
 *   min(time to the block's next reference or the end, t); find t_C with occupancy(t_C) = C; a
 *   reference hits iff the time since the block's previous reference is <= t_C. It keeps the
 *   trace's temporal locality (conversation turns arrive close together), which IRM discards.
 * - `windowed` (renewal with a characteristic time per window; our reconstruction, thirteenth
 *   session): one t_C over the whole trace lets the cache hold more than C blocks late in the trace
 *   in exchange for holding fewer while it fills (an LRU cache never holds more than C), so the
 *   renewal form overestimates sizes whose cache fills mid-trace (Mooncake, 512-token blocks,
 *   9-13 M tokens: +0.024 to +0.030). Here the trace is cut into `cheWindows` equal windows of the
 *   clock and each gets its own t_C, solved in order: the mean occupancy over window w of the
 *   blocks alive at its start (their age under the earlier windows' t_C) and of the references in
 *   it, each alive until its block's next reference or its age exceeds t, equals C; t_C(w) =
 *   Infinity when even keeping everything stays under C (the cache is still filling). A block
 *   survives a window iff its age at the window's end is <= t_C(w); a reference hits iff its block
 *   survived to the window and its age is <= t_C(w). One window is `renewal`; as the windows
 *   shrink it approaches LRU itself (C blocks at every instant).
 *
 * Hit rate = sum over hitting references of their tokens / prompt tokens, as the simulation counts.
 */

import type { PrefixChains } from './prefix-chains.js';

/** Che's approximation under the independent reference model, with renewal reuse, or windowed. */
export type CheModel = 'irm' | 'renewal' | 'windowed';

/**
 * Windows of the `windowed` model (equal spans of the clock). On the Mooncake trace (512-token
 * blocks, 16 sizes of 0.25-16 M tokens) the largest error against the simulated LLRU was 0.0304
 * with 1 window (= renewal), 0.0135 with 4, 0.0066 with 8, 0.0054 with 16 and 32.
 */
export const cheWindows = 16;
/**
 * The time axis of the model: `seconds` (arrival times, as §14's rates are written) or
 * `references` (virtual time = block references so far; default). LRU's state depends only on the
 * ORDER of references, so counting references removes the trace's rate swings (bursts) that a
 * single t_C in seconds cannot follow.
 */
export type CheClock = 'seconds' | 'references';

export interface CheResult {
  readonly model: CheModel;
  readonly capacityBlocks: number;
  readonly clock: CheClock;
  /**
   * Characteristic time in `clock` units (Infinity when everything fits); `windowed`: the last
   * window's.
   */
  readonly characteristicTime: number;
  readonly hitRate: number;
}

interface Refs {
  /** Per reference: seconds since the previous reference to its block (Infinity for the first). */
  readonly sincePrevious: Float64Array;
  /** Per reference: seconds until the next reference to its block, or to the end of the trace. */
  readonly untilNext: Float64Array;
  readonly counts: Float64Array;
  readonly span: number;
}

function references(chains: PrefixChains, clock: (i: number) => number): Refs {
  const total = chains.blocks.length;
  const sincePrevious = new Float64Array(total);
  const untilNext = new Float64Array(total);
  const counts = new Float64Array(chains.blockCount);
  const last = new Float64Array(chains.blockCount).fill(Number.NaN);
  const requests = chains.offsets.length - 1;
  const start = requests > 0 ? clock(0) : 0;
  const end = requests > 0 ? clock(requests - 1) : 0;
  for (let i = 0; i < requests; i++) {
    const t = clock(i);
    for (let r = chains.offsets[i] as number; r < (chains.offsets[i + 1] as number); r++) {
      const b = chains.blocks[r] as number;
      const previous = last[b] as number;
      sincePrevious[r] = Number.isNaN(previous) ? Number.POSITIVE_INFINITY : t - previous;
      last[b] = t;
      counts[b] = (counts[b] as number) + 1;
      const next = chains.nextUse[r] as number;
      untilNext[r] = Number.isFinite(next) ? clock(next) - t : end - t;
    }
  }
  return { sincePrevious, untilNext, counts, span: Math.max(end - start, 1e-9) };
}

/** Request i's time on `clock`: its arrival (seconds) or the block references before it. */
function timeOfRequest(chains: PrefixChains, clock: CheClock): (i: number) => number {
  return clock === 'seconds'
    ? (i) => chains.times[i] as number
    : (i) => chains.offsets[i] as number;
}

/** Bisection for the t with f(t) = target, f increasing; Infinity when f(huge) < target. */
function solveIncreasing(f: (t: number) => number, target: number, hi0: number): number {
  let hi = hi0;
  while (f(hi) < target) {
    hi *= 2;
    if (hi > 1e15) return Number.POSITIVE_INFINITY;
  }
  let lo = 0;
  for (let k = 0; k < 200 && hi - lo > 1e-9 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export function approximateLlruHitRate(
  chains: PrefixChains,
  capacityBlocks: number,
  model: CheModel,
  clock: CheClock = 'references',
  windows: number = cheWindows,
): CheResult {
  const refs = references(chains, timeOfRequest(chains, clock));
  const total = chains.totalPromptTokens;
  let tc: number;
  let hit = 0;
  if (model === 'windowed') {
    const result = windowedHits(chains, capacityBlocks, clock, windows);
    tc = result.lastCharacteristicTime;
    hit = result.hitTokens;
  } else if (model === 'irm') {
    const rates = Array.from(refs.counts, (n) => n / refs.span);
    const occupancy = (t: number): number => rates.reduce((s, l) => s + (1 - Math.exp(-l * t)), 0);
    tc =
      capacityBlocks >= chains.blockCount
        ? Number.POSITIVE_INFINITY
        : solveIncreasing(occupancy, capacityBlocks, refs.span);
    for (let r = 0; r < chains.blocks.length; r++) {
      const b = chains.blocks[r] as number;
      const n = refs.counts[b] as number;
      const p = Number.isFinite(tc) ? 1 - Math.exp(-(rates[b] as number) * tc) : 1;
      hit += (chains.refTokens[r] as number) * p * ((n - 1) / n);
    }
  } else {
    const occupancy = (t: number): number => {
      let s = 0;
      for (let r = 0; r < refs.untilNext.length; r++) s += Math.min(refs.untilNext[r] as number, t);
      return s / refs.span;
    };
    tc =
      occupancy(refs.span * 4) <= capacityBlocks
        ? Number.POSITIVE_INFINITY
        : solveIncreasing(occupancy, capacityBlocks, refs.span / 64);
    for (let r = 0; r < chains.blocks.length; r++) {
      const since = refs.sincePrevious[r] as number;
      if (Number.isFinite(since) && since <= tc) hit += chains.refTokens[r] as number;
    }
  }
  return {
    model,
    capacityBlocks,
    clock,
    characteristicTime: tc,
    hitRate: total > 0 ? hit / total : 0,
  };
}

/**
 * The `windowed` model (see the module's docs): per window, the characteristic time that makes the
 * window's mean occupancy C, then the window's references scored and the survivors carried on.
 */
function windowedHits(
  chains: PrefixChains,
  capacityBlocks: number,
  clock: CheClock,
  windows: number,
): { hitTokens: number; lastCharacteristicTime: number } {
  if (!Number.isInteger(windows) || windows < 1)
    throw new RangeError(`Che windowed: windows must be a positive integer, got ${windows}`);
  const requests = chains.offsets.length - 1;
  const timeOf = timeOfRequest(chains, clock);
  if (requests === 0) return { hitTokens: 0, lastCharacteristicTime: Number.POSITIVE_INFINITY };
  /** Per reference: its time, and the time of its block's next reference (Infinity: none). */
  const refAt = new Float64Array(chains.blocks.length);
  const nextAt = new Float64Array(chains.blocks.length);
  for (let k = 0; k < requests; k++) {
    for (let r = chains.offsets[k] as number; r < (chains.offsets[k + 1] as number); r++) {
      const use = chains.nextUse[r] as number;
      refAt[r] = timeOf(k);
      nextAt[r] = Number.isFinite(use) ? timeOf(use) : Number.POSITIVE_INFINITY;
    }
  }
  const start = timeOf(0);
  const end = timeOf(requests - 1);
  const span = Math.max(end - start, 1e-9);
  /** Per block: the time of its current interval's reference (NaN: not cached). */
  const since = new Float64Array(chains.blockCount).fill(Number.NaN);
  /** Per block: the time of its next reference after `since` (Infinity: none). */
  const next = new Float64Array(chains.blockCount);
  let carried: number[] = [];
  let hitTokens = 0;
  let tc = Number.POSITIVE_INFINITY;
  let i = 0;
  for (let w = 0; w < windows; w++) {
    const a = start + (w * span) / windows;
    const b = w === windows - 1 ? Number.POSITIVE_INFINITY : start + ((w + 1) * span) / windows;
    // the window's requests: [i, j)
    let j = i;
    while (j < requests && timeOf(j) < b) j++;
    const bEnd = Math.min(b, end + 1e-9 * span + 1e-9);
    const length = Math.max(bEnd - a, 1e-9);
    const refFrom = chains.offsets[i] as number;
    const refTo = chains.offsets[j] as number;
    const occupancy = (t: number): number => {
      let sum = 0;
      for (const block of carried) {
        const alive = Math.min(bEnd, next[block] as number, (since[block] as number) + t) - a;
        if (alive > 0) sum += alive;
      }
      for (let r = refFrom; r < refTo; r++) {
        const at = refAt[r] as number;
        const alive = Math.min(bEnd, nextAt[r] as number, at + t) - at;
        if (alive > 0) sum += alive;
      }
      return sum / length;
    };
    tc =
      refTo === refFrom && carried.length <= capacityBlocks
        ? Number.POSITIVE_INFINITY
        : occupancy(2 * span) <= capacityBlocks
          ? Number.POSITIVE_INFINITY
          : solveIncreasing(occupancy, capacityBlocks, span / 64);
    // the window's references in order: a hit iff the block is cached and young enough
    for (let r = refFrom; r < refTo; r++) {
      const block = chains.blocks[r] as number;
      const at = refAt[r] as number;
      const last = since[block] as number;
      if (!Number.isNaN(last) && at - last <= tc) hitTokens += chains.refTokens[r] as number;
      since[block] = at;
      next[block] = nextAt[r] as number;
    }
    // survivors: cached blocks whose age at the window's end is within t_C
    const survivors: number[] = [];
    const seen = new Set<number>();
    const keep = (block: number): void => {
      if (seen.has(block)) return;
      seen.add(block);
      const last = since[block] as number;
      if (Number.isNaN(last)) return;
      if (bEnd - last <= tc) survivors.push(block);
      else since[block] = Number.NaN;
    };
    for (const block of carried) keep(block);
    for (let r = refFrom; r < refTo; r++) keep(chains.blocks[r] as number);
    carried = survivors;
    i = j;
  }
  return { hitTokens, lastCharacteristicTime: tc };
}
