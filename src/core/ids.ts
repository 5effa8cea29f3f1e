/** Branded identifiers: a request id is never a tenant id. */
declare const id: unique symbol;

export type RequestId = string & { readonly [id]: 'request' };
export type TenantId = string & { readonly [id]: 'tenant' };
export type ReplicaId = number & { readonly [id]: 'replica' };

export const requestId = (value: string): RequestId => value as RequestId;
export const tenantId = (value: string): TenantId => value as TenantId;
export const replicaId = (value: number): ReplicaId => value as ReplicaId;
