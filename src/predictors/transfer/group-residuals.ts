/**
 * Per-group online residual statistics of the transfer predictor, with a drift guard.
 *
 * A group is the request's system prompt / application id (`group`), with its model when named;
 * every request also counts under the deployment-wide key `*`. Each key keeps its last `capacity`
 * residuals (log actual - log predicted before the group correction) in a ring buffer; its
 * `atoms` (residual quantiles, recomputed lazily after changes) take over from the cold atoms with
 * weight n / (n + `halfWeight`) once n >= `minCount` (transfer-predictor.ts).
 *
 * Drift guard: after each observation with n >= 2 `window`, the mean of the last `window`
 * residuals is compared with the mean of the older ones; when they differ by more than
 * max(`minShift`, 4 standard errors), the older residuals are dropped (the group restarts from its
 * recent window) and `driftResets` counts it. A slowly moving group is also followed, since only
 * the last `capacity` residuals count.
 *
 * @example
 * const groups = createGroupResiduals();
 * observeResidual(groups, ['g:support', '*'], 0.4);
 * groupAtoms(groups, ['g:support', '*']);
 */

import { residualAtoms } from './residual-atoms.js';

/** Parameters of the per-group residual statistics and their drift guard. */
export interface GroupResidualOptions {
  readonly capacity: number;
  readonly minCount: number;
  readonly halfWeight: number;
  readonly window: number;
  readonly minShift: number;
  /** Most keys kept (least recently observed dropped first). */
  readonly maxGroups: number;
}

export const defaultGroupResidualOptions: GroupResidualOptions = {
  capacity: 256,
  minCount: 10,
  halfWeight: 20,
  window: 32,
  minShift: 0.4,
  maxGroups: 4096,
};

interface GroupState {
  residuals: Float64Array;
  /** Entries in use (<= capacity) and the next write position. */
  count: number;
  next: number;
  atoms: Float64Array | undefined;
}

export interface GroupResiduals {
  readonly options: GroupResidualOptions;
  readonly groups: Map<string, GroupState>;
  driftResets: number;
}

export function createGroupResiduals(
  options: GroupResidualOptions = defaultGroupResidualOptions,
): GroupResiduals {
  return { options, groups: new Map(), driftResets: 0 };
}

/** Residuals of a group, oldest first. */
export function groupHistory(state: {
  residuals: Float64Array;
  count: number;
  next: number;
}): number[] {
  const capacity = state.residuals.length;
  const out: number[] = [];
  const start = state.count < capacity ? 0 : state.next;
  for (let i = 0; i < state.count; i++) out.push(state.residuals[(start + i) % capacity] ?? 0);
  return out;
}

function mean(values: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i] ?? 0;
  return sum / Math.max(1, to - from);
}

function variance(values: readonly number[], from: number, to: number, center: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += ((values[i] ?? 0) - center) ** 2;
  return sum / Math.max(1, to - from - 1);
}

function checkDrift(groups: GroupResiduals, state: GroupState): void {
  const { window, minShift } = groups.options;
  if (state.count < 2 * window) return;
  const history = groupHistory(state);
  const split = history.length - window;
  const older = mean(history, 0, split);
  const recent = mean(history, split, history.length);
  const spread = Math.sqrt(
    (variance(history, 0, split, older) + variance(history, split, history.length, recent)) / 2,
  );
  const standardError = spread * Math.sqrt(1 / window + 1 / split);
  if (Math.abs(recent - older) <= Math.max(minShift, 4 * standardError)) return;
  const kept = history.slice(split);
  state.residuals.fill(0);
  kept.forEach((value, i) => {
    state.residuals[i] = value;
  });
  state.count = kept.length;
  state.next = kept.length % state.residuals.length;
  groups.driftResets++;
}

export function observeResidual(
  groups: GroupResiduals,
  keys: readonly string[],
  residual: number,
): void {
  if (!Number.isFinite(residual)) return;
  for (const key of keys) {
    let state = groups.groups.get(key);
    if (state === undefined) {
      if (groups.groups.size >= groups.options.maxGroups) {
        const oldest = groups.groups.keys().next().value;
        if (oldest !== undefined) groups.groups.delete(oldest);
      }
      state = {
        residuals: new Float64Array(groups.options.capacity),
        count: 0,
        next: 0,
        atoms: undefined,
      };
    } else groups.groups.delete(key);
    // re-insert: Map order is least recently observed first
    groups.groups.set(key, state);
    state.residuals[state.next] = residual;
    state.next = (state.next + 1) % state.residuals.length;
    state.count = Math.min(state.residuals.length, state.count + 1);
    state.atoms = undefined;
    checkDrift(groups, state);
  }
}

/** The most specific key with enough observations: its atoms and take-over weight, or none. */
export function groupAtoms(
  groups: GroupResiduals,
  keys: readonly string[],
): { readonly atoms: Float64Array; readonly weight: number } | undefined {
  for (const key of keys) {
    const state = groups.groups.get(key);
    if (state === undefined || state.count < groups.options.minCount) continue;
    if (state.atoms === undefined) {
      state.atoms = residualAtoms(state.residuals.subarray(0, state.count));
    }
    return { atoms: state.atoms, weight: state.count / (state.count + groups.options.halfWeight) };
  }
  return undefined;
}
