/**
 * A normalised, immutable LLM request as a workload or the gateway produces it. Trace readers and
 * the gateway convert their wire formats into this type in exactly one function each.
 */

import type { RequestId, TenantId } from './ids.js';
import type { Seconds, Tokens } from './units.js';

/** A normalised, immutable LLM request as a workload or the gateway produces it. */
export interface SchedRequest {
  readonly id: RequestId;
  readonly arrivalTime: Seconds;
  readonly promptTokens: Tokens;
  /** The true output length. Simulator oracle and length enforcement (max_tokens) only. */
  readonly outputTokens: Tokens;
  /** Upper bound on output tokens the client asked for. */
  readonly maxTokens?: Tokens;
  /** Prefix block hashes (one per full KV block of the prompt), for prefix caching. */
  readonly prefixHashes?: readonly string[];
  /** The prompt text, when known (predictors, real engines). */
  readonly prompt?: string;
  /** Shared system prompt / application id: a request group. */
  readonly group?: string;
  readonly tenant?: TenantId;
  /** Scheduling priority, lower = earlier (vLLM convention); absent = 0. vllm-priority reads it. */
  readonly priority?: number;
  /** Per-request SLO targets, seconds. */
  readonly slo?: { readonly ttft?: Seconds; readonly tbt?: Seconds };
}
