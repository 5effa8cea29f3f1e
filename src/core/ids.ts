/** Branded identifiers: a request id is never a tenant id. */
declare const id: unique symbol;

export type RequestId = string & { readonly [id]: 'request' };
export type TenantId = string & { readonly [id]: 'tenant' };
export type ReplicaId = number & { readonly [id]: 'replica' };

export const requestId = (value: string): RequestId => value as RequestId;
export const tenantId = (value: string): TenantId => value as TenantId;
export const replicaId = (value: number): ReplicaId => value as ReplicaId;

/**
 * FNV-1a of an id's last 32 characters, as a signed 32-bit integer (ids differ at the end: a
 * prefix and a sequence number). The hash of the open-addressed tables keyed by request id
 * (executor/id-table.ts, predictors/learned/id-cache.ts), which must not intern ids as V8 does
 * an object's keys.
 */
export function hashId(id: string): number {
  let h = 0x811c9dc5 ^ id.length;
  for (let i = Math.max(0, id.length - 32); i < id.length; i++)
    h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
}
