/**
 * Who is asking, and what they may claim. API keys (Authorization: Bearer KEY) map to tenants from
 * the config; with no tenants configured every request is the `defaultTenant`. Headers that claim
 * a priority, an SLO class or a tenant are honoured only as the config allows:
 *
 *   x-llmsched-priority: N        (or body `priority`) only if the tenant has allowPriority;
 *                                 clamped to its minPriority (lower = earlier)
 *   x-llmsched-slo-class: NAME    only a class in the tenant's `sloClasses` (default: all)
 *   x-llmsched-ttft-deadline-ms   any client may tighten its TTFT target (never loosen the class's)
 *   x-llmsched-tenant: NAME       only with `trustTenantHeader` (behind an authenticating proxy)
 */
import type { IncomingHttpHeaders } from 'node:http';
import { type Seconds, seconds } from '../core/units.js';
import type { GatewayConfig, TenantConfig } from './gateway-config.js';
import { tenantKeys } from './gateway-config.js';
import { GatewayError, invalidRequest } from './gateway-error.js';

export interface Admission {
  readonly tenant: TenantConfig;
  readonly sloClass: string;
  readonly priority: number;
  readonly ttftSlo?: Seconds;
}

export class TenantAuth {
  readonly #config: GatewayConfig;
  readonly #byKey = new Map<string, TenantConfig>();
  readonly #byName = new Map<string, TenantConfig>();

  constructor(config: GatewayConfig) {
    this.#config = config;
    for (const tenant of config.tenants) {
      this.#byName.set(tenant.name, tenant);
      for (const key of tenantKeys(tenant)) this.#byKey.set(key, tenant);
    }
  }

  get open(): boolean {
    return this.#config.tenants.length === 0;
  }

  weight(name: string): number {
    return this.#byName.get(name)?.weight ?? 1;
  }

  /** The tenant of a request (401 for a missing or unknown key when tenants are configured). */
  authenticate(headers: IncomingHttpHeaders): TenantConfig {
    if (this.open) {
      const claimed = header(headers, 'x-llmsched-tenant');
      if (claimed !== undefined && this.#config.trustTenantHeader) {
        return { ...this.#config.defaultTenant, name: claimed.slice(0, 64), admin: false };
      }
      return this.#config.defaultTenant;
    }
    const auth = header(headers, 'authorization') ?? '';
    const key = auth.startsWith('Bearer ') ? auth.slice(7).trim() : '';
    const tenant = key === '' ? undefined : this.#byKey.get(key);
    if (!tenant) {
      throw new GatewayError(
        401,
        'authentication_error',
        'invalid_api_key',
        key === '' ? 'missing API key (Authorization: Bearer KEY)' : 'unknown API key',
      );
    }
    return tenant;
  }

  /** Priority, SLO class and TTFT target of a request from `tenant`. */
  admit(
    tenant: TenantConfig,
    headers: IncomingHttpHeaders,
    bodyPriority: number | undefined,
  ): Admission {
    const requested = header(headers, 'x-llmsched-slo-class');
    let sloClass = tenant.defaultSloClass;
    if (requested !== undefined) {
      if (!Object.hasOwn(this.#config.sloClasses, requested)) {
        throw invalidRequest(
          `unknown SLO class '${requested}'; known: ${Object.keys(this.#config.sloClasses).join(', ')}`,
          'x-llmsched-slo-class',
        );
      }
      if (tenant.sloClasses && !tenant.sloClasses.includes(requested)) {
        throw new GatewayError(
          403,
          'invalid_request_error',
          'slo_class_not_allowed',
          `SLO class '${requested}' is not allowed for this key`,
        );
      }
      sloClass = requested;
    }
    const cls = this.#config.sloClasses[sloClass] ?? { priority: 0 };
    let priority = cls.priority;
    const claimedText = header(headers, 'x-llmsched-priority');
    const claimed = claimedText !== undefined ? Number(claimedText) : bodyPriority;
    if (claimed !== undefined) {
      if (!Number.isInteger(claimed) || Math.abs(claimed) > 1_000_000) {
        throw invalidRequest('priority must be an integer in [-1e6, 1e6]', 'priority');
      }
      if (tenant.allowPriority) priority = Math.max(tenant.minPriority, claimed);
    }
    let ttft = cls.ttftMs;
    const deadlineText = header(headers, 'x-llmsched-ttft-deadline-ms');
    if (deadlineText !== undefined) {
      const deadline = Number(deadlineText);
      if (!Number.isFinite(deadline) || deadline <= 0) {
        throw invalidRequest(
          'x-llmsched-ttft-deadline-ms must be a positive number',
          'x-llmsched-ttft-deadline-ms',
        );
      }
      ttft = ttft === undefined ? deadline : Math.min(ttft, deadline);
    }
    return {
      tenant,
      sloClass,
      priority,
      ...(ttft !== undefined ? { ttftSlo: seconds(ttft / 1000) } : {}),
    };
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
