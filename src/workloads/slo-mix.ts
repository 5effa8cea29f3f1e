/**
 * `--slo-mix`: give each request of a trace an SLO class drawn from a mix, e.g. SLAI's
 * heterogeneous-TBT experiment `strict:0.05,relaxed:0.95` (algorithms.md §11.2). The draw is seeded
 * (stream `slo-mix` of the run's seed) and made per request in trace order, so the same request
 * gets the same class at every load. A request whose trace already gives targets keeps them.
 *
 * @example
 * applySloMix(requests, parseSloMix('interactive:0.2,batch:0.8'), 0);
 */

import { SchedulerError } from '../core/errors.js';
import type { SchedRequest } from '../core/request.js';
import { createRng } from '../core/rng.js';
import { type SloClassName, sloClasses, sloClassNames } from '../core/slo-classes.js';
import { type Seconds, seconds } from '../core/units.js';

/** One class of a `--slo-mix`: its SLO class name and its share of the requests. */
export interface SloMixEntry {
  readonly name: SloClassName;
  readonly share: number;
}

/** Parses `class:share,...`; shares are positive and normalised to sum 1. */
export function parseSloMix(spec: string): SloMixEntry[] {
  const entries: SloMixEntry[] = [];
  for (const item of spec.split(',')) {
    const [name, share, extra] = item.trim().split(':');
    const value = Number(share);
    if (name === undefined || !(sloClassNames as string[]).includes(name)) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `--slo-mix: unknown SLO class '${name ?? ''}' (known: ${sloClassNames.join(', ')})`,
      );
    }
    if (extra !== undefined || share === undefined || !Number.isFinite(value) || value <= 0) {
      throw new SchedulerError(
        'INPUT_INVALID',
        `--slo-mix: expected CLASS:SHARE with a positive share, got '${item.trim()}'`,
      );
    }
    if (entries.some((entry) => entry.name === name)) {
      throw new SchedulerError('INPUT_INVALID', `--slo-mix: class '${name}' is listed twice`);
    }
    entries.push({ name: name as SloClassName, share: value });
  }
  const total = entries.reduce((sum, entry) => sum + entry.share, 0);
  return entries.map((entry) => ({ name: entry.name, share: entry.share / total }));
}

/** Requests with a class drawn from `mix` (requests that carry their own targets are unchanged). */
export function applySloMix(
  requests: readonly SchedRequest[],
  mix: readonly SloMixEntry[],
  seed: number,
): SchedRequest[] {
  const rng = createRng(seed).fork('slo-mix');
  return requests.map((request) => {
    const u = rng.next();
    if (request.slo !== undefined) return request;
    const name = pick(mix, u);
    const targets: { readonly ttft?: number; readonly tbt?: number } = sloClasses[name];
    const slo: { ttft?: Seconds; tbt?: Seconds } = {};
    if (targets.ttft !== undefined) slo.ttft = seconds(targets.ttft);
    if (targets.tbt !== undefined) slo.tbt = seconds(targets.tbt);
    return { ...request, slo };
  });
}

function pick(mix: readonly SloMixEntry[], u: number): SloClassName {
  let cumulative = 0;
  for (const entry of mix) {
    cumulative += entry.share;
    if (u < cumulative) return entry.name;
  }
  return (mix[mix.length - 1] as SloMixEntry).name;
}

/**
 * The run's targets (`--slo-ttft`, `--slo-tbt`) on every request that has none of its own, so
 * policies see them (SeqView.ttftSlo/tbtSlo come from the request). A request whose class has no
 * target (`batch`) carries an empty `slo` and stays best effort.
 */
export function applyRunSlo(
  requests: readonly SchedRequest[],
  ttft: number | undefined,
  tbt: number | undefined,
): SchedRequest[] {
  if (ttft === undefined && tbt === undefined) return [...requests];
  const slo: { ttft?: Seconds; tbt?: Seconds } = {};
  if (ttft !== undefined) slo.ttft = seconds(ttft);
  if (tbt !== undefined) slo.tbt = seconds(tbt);
  return requests.map((request) => (request.slo === undefined ? { ...request, slo } : request));
}
