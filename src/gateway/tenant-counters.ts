/**
 * The executor side of VTC fairness (policies/fairness/vtc.ts): one virtual token counter per
 * tenant. Charged at dispatch with the request's input + predicted output tokens, corrected at
 * release with the actual output; a tenant that becomes active is lifted to the smallest counter
 * of the active tenants (no credit for idle time).
 */
import { fairInterleave, type VtcWeights, vtcCost } from '../policies/fairness/vtc.js';
import type { GatewayRequest } from './gateway-request.js';

export class TenantCounters {
  readonly counters = new Map<string, number>();
  readonly #weights: VtcWeights;
  readonly #tenantWeight: (tenant: string) => number;

  constructor(weights: VtcWeights, tenantWeight: (tenant: string) => number) {
    this.#weights = weights;
    this.#tenantWeight = tenantWeight;
  }

  #expectedOutput(request: GatewayRequest): number {
    return Math.min(request.maxTokens, request.predictedSize ?? request.maxTokens);
  }

  /** `tenant` submits; `active` = tenants with requests queued or running before it. */
  activate(tenant: string, active: ReadonlySet<string>): void {
    if (active.has(tenant)) return;
    let min = Number.POSITIVE_INFINITY;
    for (const other of active) min = Math.min(min, this.counters.get(other) ?? 0);
    const own = this.counters.get(tenant) ?? 0;
    this.counters.set(tenant, Number.isFinite(min) ? Math.max(own, min) : own);
  }

  charge(request: GatewayRequest): void {
    const cost = vtcCost(this.#weights, request.promptTokens, this.#expectedOutput(request));
    request.charged = cost / this.#weight(request.tenant);
    this.counters.set(request.tenant, (this.counters.get(request.tenant) ?? 0) + request.charged);
  }

  settle(request: GatewayRequest, outputTokens: number): void {
    const actual =
      vtcCost(this.#weights, request.promptTokens, outputTokens) / this.#weight(request.tenant);
    this.counters.set(
      request.tenant,
      (this.counters.get(request.tenant) ?? 0) + actual - request.charged,
    );
    request.charged = actual;
  }

  interleave(ordered: readonly GatewayRequest[]): GatewayRequest[] {
    const items = ordered.map((request) => ({
      request,
      tenant: request.tenant,
      cost: vtcCost(this.#weights, request.promptTokens, this.#expectedOutput(request)),
    }));
    return fairInterleave(items, this.counters, (t) => this.#weight(t)).map((item) => item.request);
  }

  #weight(tenant: string): number {
    return Math.max(1e-9, this.#tenantWeight(tenant));
  }
}
