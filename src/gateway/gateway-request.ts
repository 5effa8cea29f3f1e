/**
 * One request inside the gateway, from admission to its end. Mutable by the admission queue only
 * (state, backend, generated); the HTTP handler reads it. Never holds prompt text.
 *
 *   waiting --dispatch--> running --release--> done
 *      \--cancel/reject-----------------------> done
 */
import type { RequestId } from '../core/ids.js';
import type { Seconds } from '../core/units.js';
import type { BackendSlot } from './backend-slot.js';

export type GatewayRequestState = 'waiting' | 'running' | 'done';

export interface GatewayRequest {
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
  readonly group?: string;
  /** TTFT target, seconds after arrival. */
  readonly ttftSlo?: Seconds;
  readonly predictedSize?: number;
  /** Hashes of the prompt's leading character blocks (prefix-affinity routing). */
  readonly prefixHashes: readonly string[];
  /** Backends that failed this request before its first byte (not tried again). */
  readonly exclude: Set<string>;
  state: GatewayRequestState;
  backend: BackendSlot | undefined;
  /** Output tokens streamed so far. */
  generated: number;
  dispatchedAt: Seconds | undefined;
  /** VTC charge made at dispatch (corrected with the actual output at release). */
  charged: number;
}

/** Tokens a request reserves on a backend while in flight. */
export function reservedTokens(request: GatewayRequest): number {
  return request.promptTokens + request.maxTokens;
}
