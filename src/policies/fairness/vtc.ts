/**
 * VTC-style token fairness across tenants ("Fairness in Serving Large Language Models", Sheng et
 * al., OSDI'24; AIBrix `vtc-basic`), combined with any size-based order.
 *
 * Each tenant has a virtual token counter: the weighted tokens it was served (input tokens x
 * `inputWeight` + output tokens x `outputWeight`, divided by the tenant's weight). Given the
 * waiting requests already in the policy's order, `fairInterleave` repeatedly takes the next
 * request of the tenant with the smallest counter (charging it the request's expected cost), so
 * tenants share the backends by tokens while each tenant's own requests keep the policy's order
 * (e.g. shortest predicted first). Pure: the executor keeps the counters (and lifts a tenant that
 * becomes active to the smallest active counter, as VTC does, so idle time banks no credit).
 *
 * Tie-break: the tenant whose next request comes first in the given order. Complexity:
 * O(n x tenants).
 */
export interface VtcWeights {
  readonly inputWeight: number;
  readonly outputWeight: number;
}

/** AIBrix vtc-basic's defaults: output tokens cost twice input tokens. */
export const vtcDefaults: VtcWeights = { inputWeight: 1, outputWeight: 2 };

export interface FairItem {
  readonly tenant: string;
  /** Expected weighted tokens of the request (see `vtcCost`). */
  readonly cost: number;
}

/** The counter charge of a request: input tokens plus its (predicted) output, weighted. */
export function vtcCost(weights: VtcWeights, inputTokens: number, outputTokens: number): number {
  return weights.inputWeight * inputTokens + weights.outputWeight * outputTokens;
}

/**
 * Reorders `ordered` (already in the policy's order) by VTC across tenants.
 * `counters` and `tenantWeight` are read, never written.
 */
export function fairInterleave<T extends FairItem>(
  ordered: readonly T[],
  counters: ReadonlyMap<string, number>,
  tenantWeight: (tenant: string) => number,
): T[] {
  const queues = new Map<string, T[]>();
  for (const item of ordered) {
    const queue = queues.get(item.tenant);
    if (queue) queue.push(item);
    else queues.set(item.tenant, [item]);
  }
  if (queues.size <= 1) return ordered.slice();
  const local = new Map<string, number>();
  const heads = new Map<string, number>();
  for (const tenant of queues.keys()) {
    local.set(tenant, counters.get(tenant) ?? 0);
    heads.set(tenant, 0);
  }
  const position = new Map<T, number>();
  for (const [i, item] of ordered.entries()) position.set(item, i);
  const out: T[] = [];
  while (out.length < ordered.length) {
    let best: string | undefined;
    let bestItem: T | undefined;
    for (const [tenant, queue] of queues) {
      const item = queue[heads.get(tenant) ?? 0];
      if (item === undefined) continue;
      const counter = local.get(tenant) ?? 0;
      const bestCounter = best === undefined ? Number.POSITIVE_INFINITY : (local.get(best) ?? 0);
      if (
        counter < bestCounter ||
        (counter === bestCounter &&
          bestItem !== undefined &&
          (position.get(item) ?? 0) < (position.get(bestItem) ?? 0))
      ) {
        best = tenant;
        bestItem = item;
      }
    }
    if (best === undefined || bestItem === undefined) break;
    out.push(bestItem);
    heads.set(best, (heads.get(best) ?? 0) + 1);
    local.set(best, (local.get(best) ?? 0) + bestItem.cost / Math.max(1e-9, tenantWeight(best)));
  }
  return out;
}
