/**
 * One request inside the gateway, from admission to its end: the executor core's request state
 * machine (`ExecRequest`, the same class the simulator's and the local engine's requests extend),
 * so the batch policy reads it directly as its `SeqView` (no per-plan copy) and its state moves
 * through `ExecutorCore` like everywhere else. Never holds prompt text.
 *
 *   waiting --dispatch (core.admitNow)--> running --release (core.remove)--> finished
 *      ^                                     |
 *      +---- retry elsewhere (core.preemptNow, recompute) ---+
 *   waiting --cancel / reject (core.remove)--> finished
 *
 * What the policy sees of a dispatched request: the backend runs its prefill and holds its KV,
 * the gateway only counts tokens (blocks of 1 token): `computed` = prompt + generated - 1, one
 * token pending (the next output), `kvBlocks` = prompt + generated; no prefix-cache visibility
 * (`cachedTokens` 0). `target` (the core's per-step bound) is 1: the core never steps a gateway
 * request (the backend generates), so no token-time buffer is allocated; `maxTokens` is the bound.
 */
import type { RequestId } from '../core/ids.js';
import type { Seconds } from '../core/units.js';
import { ExecRequest } from '../executor/exec-request.js';
import type { BackendSlot } from './backend-slot.js';
import type { GatewayError } from './gateway-error.js';
import type { RequestList } from './request-list.js';

/** Settles a queued request's admission promise: dispatched to a backend, or refused. */
export interface Waiter {
  readonly resolve: (slot: BackendSlot) => void;
  readonly reject: (error: GatewayError) => void;
}

export interface GatewayRequestInit {
  readonly id: RequestId;
  /** Admission sequence (0, 1, 2, ...): tie-break and the router's seq. */
  readonly seq: number;
  readonly arrival: Seconds;
  readonly tenant: string;
  readonly model: string;
  /** Estimated prompt tokens (the gateway does not tokenize; see docs/gateway.md). */
  readonly promptTokens: number;
  readonly maxTokens: number;
  /** Lower = earlier (vLLM convention). */
  readonly priority: number;
  readonly sloClass: string;
  /** Request group: a hash of the system prompt, when there is one. */
  readonly group?: string | undefined;
  /** TTFT target, seconds after arrival. */
  readonly ttftSlo?: Seconds | undefined;
  readonly predictedSize?: number | undefined;
  /** Hashes of the prompt's leading character blocks (prefix-affinity routing). */
  readonly prefixHashes: readonly string[];
}

export class GatewayRequest extends ExecRequest {
  declare readonly tenant: string;
  declare readonly priority: number;
  declare readonly prefixHashes: readonly string[];
  readonly model: string;
  readonly maxTokens: number;
  readonly sloClass: string;
  /** Backends that failed this request before its first byte (not tried again); made on the first. */
  #exclude: Set<string> | undefined = undefined;
  backend: BackendSlot | undefined;
  /** The last dispatch (a retry dispatches again). */
  dispatchedAt: Seconds | undefined;
  /** VTC charge made at dispatch (corrected with the actual output at release). */
  charged = 0;
  /** While queued: how its admission promise settles (admission-queue.ts). */
  waiter: Waiter | undefined = undefined;
  /** The list it is in (the waiting one, or its backend's running one) and its neighbours there. */
  list: RequestList | undefined = undefined;
  listPrev: GatewayRequest | undefined = undefined;
  listNext: GatewayRequest | undefined = undefined;

  constructor(init: GatewayRequestInit) {
    super({
      id: init.id,
      seq: init.seq,
      arrivalTime: init.arrival,
      promptTokens: init.promptTokens,
      maxOutput: 1,
      priority: init.priority,
      prefixHashes: init.prefixHashes,
      group: init.group,
      tenant: init.tenant,
      ttftSlo: init.ttftSlo,
    });
    this.model = init.model;
    this.maxTokens = init.maxTokens;
    this.sloClass = init.sloClass;
    if (init.predictedSize !== undefined) {
      this.predictedSize = init.predictedSize;
      this.predictedRemaining = init.predictedSize;
    }
  }

  /** A backend failed this request before its first byte: it is not tried again. */
  exclude(backend: string): void {
    this.#exclude ??= new Set();
    this.#exclude.add(backend);
  }
  /** True when `backend` failed this request before (see `exclude`). */
  excludes(backend: string): boolean {
    return this.#exclude?.has(backend) === true;
  }

  get arrival(): Seconds {
    return this.arrivalTime;
  }
  /** In the admission queue (not dispatched, not ended). */
  get queued(): boolean {
    return !this.finished && this.state !== 'running';
  }
  /** Output tokens streamed so far is now `total`. */
  streamed(total: number): void {
    this.generated = total;
    this.computed = this.promptTokens + total - 1;
    if (this.predictedSize !== undefined)
      this.predictedRemaining = Math.max(0, this.predictedSize - total);
  }

  get kvBlocks(): number {
    return this.state === 'running' ? this.promptTokens + this.generated : 0;
  }
  get exclusiveBlocks(): number {
    return this.kvBlocks;
  }
  get cachedTokens(): number {
    return 0;
  }
  get cachedBlocksInUse(): number {
    return 0;
  }
}

/** Tokens a request reserves on a backend while in flight. */
export function reservedTokens(request: GatewayRequest): number {
  return request.promptTokens + request.maxTokens;
}
