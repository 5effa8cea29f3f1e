/** What the request handlers share: config, queue, auth, predictor, metrics, clocks, log sink. */
import type { Clock } from '../core/clock.js';
import type { AdmissionQueue } from './admission-queue.js';
import type { CompletedRequests } from './completed-requests.js';
import type { GatewayConfig } from './gateway-config.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { GatewayPredictor } from './gateway-predictor.js';
import type { TenantAuth } from './tenant-auth.js';

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly queue: AdmissionQueue;
  readonly auth: TenantAuth;
  readonly predictor: GatewayPredictor | undefined;
  readonly metrics: GatewayMetrics;
  /** Completed requests' metrics and predictor updates, recorded off the response path. */
  readonly completed: CompletedRequests;
  readonly clock: Clock;
  /** Unix seconds (the `created` field of responses). */
  readonly unixNow: () => number;
  /** Served model names (empty: any model is forwarded). */
  readonly models: ReadonlySet<string>;
  /** Prefix of request ids (unique per gateway process). */
  readonly idPrefix: string;
  nextSeq(): number;
  /**
   * Requests admitted and not yet ended (a count: a long-lived Set with an add and a delete per
   * request makes every request outlive young-generation collections, request-list.ts).
   */
  readonly inFlight: { count: number };
  /** Log one line per request (`serve --quiet`: no). */
  readonly logRequests: boolean;
  /** One line per event; never prompt text. */
  log(line: string): void;
}
