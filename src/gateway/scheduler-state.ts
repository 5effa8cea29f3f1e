/**
 * GET /v1/scheduler/state: the queue in dispatch order with positions, and each backend's load.
 * A tenant sees only its own requests (positions are global); an admin key sees every request.
 */
import type { AdmissionQueue } from './admission-queue.js';
import type { TenantConfig } from './gateway-config.js';

export interface SchedulerState {
  readonly policy: string;
  readonly draining: boolean;
  readonly waiting: number;
  readonly running: number;
  readonly queue: readonly {
    readonly id: string;
    readonly tenant: string;
    readonly position: number;
    readonly waitingSeconds: number;
    readonly promptTokens: number;
    readonly maxTokens: number;
    readonly predictedTokens: number | null;
    readonly priority: number;
    readonly sloClass: string;
  }[];
  readonly inFlight: readonly {
    readonly id: string;
    readonly tenant: string;
    readonly backend: string;
    readonly generated: number;
  }[];
  readonly backends: readonly {
    readonly name: string;
    readonly kind: string;
    readonly running: number;
    readonly maxConcurrent: number;
    readonly tokensInFlight: number;
    readonly maxTokensInFlight: number;
  }[];
}

export function schedulerState(
  queue: AdmissionQueue,
  viewer: TenantConfig,
  now: number,
  policy: string,
  draining: boolean,
): SchedulerState {
  const visible = (tenant: string): boolean => viewer.admin || tenant === viewer.name;
  const order = queue.order();
  return {
    policy,
    draining,
    waiting: queue.waitingCount,
    running: queue.runningCount,
    queue: order.flatMap((r, position) =>
      visible(r.tenant)
        ? [
            {
              id: r.id,
              tenant: r.tenant,
              position,
              waitingSeconds: now - r.arrival,
              promptTokens: r.promptTokens,
              maxTokens: r.maxTokens,
              predictedTokens: r.predictedSize ?? null,
              priority: r.priority,
              sloClass: r.sloClass,
            },
          ]
        : [],
    ),
    inFlight: queue.slots.flatMap((slot) =>
      slot.running
        .toArray()
        .filter((r) => visible(r.tenant))
        .map((r) => ({ id: r.id, tenant: r.tenant, backend: slot.name, generated: r.generated })),
    ),
    backends: queue.slots.map((slot) => ({
      name: slot.name,
      kind: slot.backend.kind,
      running: slot.running.size,
      maxConcurrent: slot.backend.capacity.maxConcurrent,
      tokensInFlight: slot.tokensInFlight,
      maxTokensInFlight: slot.backend.capacity.maxTokensInFlight,
    })),
  };
}
